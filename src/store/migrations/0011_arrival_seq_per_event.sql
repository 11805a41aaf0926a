-- Version 11: the next place in the arrival order is found from the queue's own index (the
-- highest place among the event's waiting and no-show people), so a registration no longer writes
-- a page of an index kept only for that: one page fewer per registration, each encrypted.
DROP INDEX candidates_arrival_seq;
