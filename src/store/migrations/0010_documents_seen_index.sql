-- Version 10: the documents seen for an offer are found by the offer, not by reading them all:
-- the offers export lists each offer's checks still to do, and an offer is read with its
-- documents.
CREATE INDEX documents_seen_offer ON documents_seen (offer_id);
