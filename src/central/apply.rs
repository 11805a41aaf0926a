//! Applying a batch of outbox entries in one transaction.
//!
//! Every entry is first held in `changes` (a resent `(device_id, seq)` is a no-op; the same
//! `(device_id, seq)` with other content refuses the whole batch, see [`SeqConflict`]). Records
//! are then changed only up to the highest seq held without a gap, in seq order, so a partial
//! update never lands before the change it follows, however the batches arrive. Each batch costs
//! a fixed number of statements: the entries go in as arrays (`unnest`), and the changes to each
//! table are folded per record and written by one `INSERT … ON CONFLICT`.
//!
//! A record belongs to the device that created it (its `device_id` column). A change to it from
//! another device is held with a `rejected_reason` and reported back, unless it is an upsert
//! that would change nothing: copied laptops legitimately hold the same event and staff records.
//!
//! [`SeqConflict`]: super::CentralError::SeqConflict

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};
use tokio_postgres::GenericClient;

use super::error::{CentralError, Result};
use crate::records::Entity;
use crate::records::wire::{BatchAck, OutboxEntry, Rejection};

/// The most entries one batch may carry; a laptop sends a few thousand at a time.
pub const MAX_BATCH: usize = 20_000;

/// The tables records land in, named like the laptop's.
pub const TABLES: [&str; 8] = [
    "events",
    "staff",
    "candidates",
    "equality_monitoring",
    "screenings",
    "screening_answers",
    "offers",
    "documents_seen",
];

/// The table an entity's records land in; `None` for an entity the centre does not keep.
pub fn table_of(entity: &str) -> Option<&'static str> {
    Some(table(entity.parse().ok()?))
}

/// The table each synced entity lands in: a new [`Entity`] does not compile until it has one.
pub fn table(entity: Entity) -> &'static str {
    match entity {
        Entity::Event | Entity::EventSettings => "events",
        Entity::Staff => "staff",
        Entity::Candidate | Entity::CandidateStatus => "candidates",
        Entity::EqualityMonitoring => "equality_monitoring",
        Entity::Screening => "screenings",
        Entity::ScreeningAnswer => "screening_answers",
        Entity::Offer => "offers",
        Entity::DocumentSeen => "documents_seen",
    }
}

/// Why a batch is refused as a whole (400): nothing of it is applied.
pub fn check_batch(changes: &[OutboxEntry]) -> std::result::Result<(), String> {
    if changes.len() > MAX_BATCH {
        return Err(format!(
            "the batch has {} changes; send at most {MAX_BATCH} at a time",
            changes.len()
        ));
    }
    let Some(first) = changes.first() else {
        return Ok(());
    };
    let mut seen = HashSet::with_capacity(changes.len());
    for entry in changes {
        if entry.device_id.trim().is_empty() {
            return Err(format!("change seq {} has an empty device_id", entry.seq));
        }
        if entry.device_id != first.device_id {
            return Err(format!(
                "one batch holds one laptop's changes, but it has device_id '{}' and '{}': send them separately",
                first.device_id, entry.device_id
            ));
        }
        if entry.seq < 1 {
            return Err(format!(
                "seq {} is not a sequence number: they count from 1",
                entry.seq
            ));
        }
        if !seen.insert(entry.seq) {
            return Err(format!("seq {} appears twice in the batch", entry.seq));
        }
        // PostgreSQL text cannot hold NUL; refusing here beats failing half-way.
        if [
            &entry.device_id,
            &entry.entity,
            &entry.id,
            &entry.op,
            &entry.at,
        ]
        .iter()
        .any(|field| field.contains('\0'))
        {
            return Err(format!(
                "change seq {} has a NUL character in a field",
                entry.seq
            ));
        }
    }
    Ok(())
}

/// Why an entry is held but not applied, if it cannot be.
pub fn rejection_reason(entry: &OutboxEntry, payload_text: &str) -> Option<String> {
    if table_of(&entry.entity).is_none() {
        return Some(format!(
            "unknown entity '{}': this centre does not keep such records (is it older than the laptop?)",
            entry.entity
        ));
    }
    if entry.id.trim().is_empty() {
        return Some("the change has no record id".into());
    }
    match entry.op.as_str() {
        "delete" => return None,
        "upsert" => {}
        other => {
            return Some(format!("unknown op '{other}': expected upsert or delete"));
        }
    }
    let Some(fields) = entry.payload.as_object() else {
        return Some("the payload is not a JSON object of fields".into());
    };
    match fields.get("id") {
        None => return Some("the payload has no id".into()),
        Some(Value::String(id)) if id == &entry.id => {}
        Some(other) => {
            return Some(format!(
                "the payload's id {other} is not the change's id '{}'",
                entry.id
            ));
        }
    }
    if payload_text.contains("\\u0000") {
        return Some("the payload has a NUL character, which the centre cannot store".into());
    }
    None
}

/// A held entry, about to be applied.
#[derive(Debug, Clone)]
struct Held {
    seq: i64,
    entity: String,
    record_id: String,
    op: String,
    payload: Value,
}

/// One record's changes in this batch, folded in seq order.
#[derive(Debug)]
struct Folded {
    fields: Map<String, Value>,
    /// Whether the stored row goes first (a delete came before the upserts).
    delete_first: bool,
    /// Whether the record ends deleted.
    deleted: bool,
    seq: i64,
}

/// Holds and applies one device's batch (already checked by [`check_batch`]) inside `tx`, and
/// answers with what the centre now holds for that device.
pub async fn apply_batch(
    tx: &impl GenericClient,
    device_id: &str,
    changes: &[OutboxEntry],
) -> Result<BatchAck> {
    tx.execute(
        "INSERT INTO device_progress (device_id) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&device_id],
    )
    .await?;
    // Locks this device's progress row: batches of one laptop are applied one after another.
    let old_acked: i64 = tx
        .query_one(
            "SELECT acked_seq FROM device_progress WHERE device_id = $1 FOR UPDATE",
            &[&device_id],
        )
        .await?
        .get(0);

    let mut seqs = Vec::with_capacity(changes.len());
    let mut entities = Vec::with_capacity(changes.len());
    let mut ids = Vec::with_capacity(changes.len());
    let mut ops = Vec::with_capacity(changes.len());
    let mut payloads = Vec::with_capacity(changes.len());
    let mut ats = Vec::with_capacity(changes.len());
    let mut reasons: Vec<Option<String>> = Vec::with_capacity(changes.len());
    let mut rejected = Vec::new();
    for entry in changes {
        let payload_text = entry.payload.to_string();
        let reason = rejection_reason(entry, &payload_text);
        if let Some(reason) = &reason {
            rejected.push(Rejection {
                seq: entry.seq,
                reason: reason.clone(),
            });
        }
        seqs.push(entry.seq);
        entities.push(entry.entity.as_str());
        ids.push(entry.id.as_str());
        ops.push(entry.op.as_str());
        // A payload that cannot be stored as JSONB is kept as null, with its reason.
        payloads.push(if reason.is_some() && payload_text.contains("\\u0000") {
            "null".to_string()
        } else {
            payload_text
        });
        ats.push(entry.at.as_str());
        reasons.push(reason);
    }
    rejected.sort_by_key(|rejection| rejection.seq);

    check_resends(tx, device_id, changes, &seqs, &payloads).await?;

    tx.execute(
        "INSERT INTO changes (device_id, seq, entity, record_id, op, payload, at, rejected_reason)
         SELECT $1, u.seq, u.entity, u.record_id, u.op, u.payload::jsonb, u.at, u.reason
         FROM unnest($2::int8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
              AS u(seq, entity, record_id, op, payload, at, reason)
         ON CONFLICT (device_id, seq) DO NOTHING",
        &[
            &device_id, &seqs, &entities, &ids, &ops, &payloads, &ats, &reasons,
        ],
    )
    .await?;

    // The highest seq held with no gap: past the old mark, held seqs are contiguous exactly
    // while seq = old mark + their rank.
    let new_acked: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(seq), $2) FROM (
                 SELECT seq, row_number() OVER (ORDER BY seq) AS rank
                 FROM changes WHERE device_id = $1 AND seq > $2
             ) AS held
             WHERE seq = $2 + rank",
            &[&device_id, &old_acked],
        )
        .await?
        .get(0);

    if new_acked > old_acked {
        let to_apply = held_between(tx, device_id, old_acked, new_acked, changes, &reasons).await?;
        let (to_apply, mut refused) = refuse_foreign(tx, device_id, to_apply).await?;
        let raced = write_records(tx, device_id, &to_apply).await?;
        if !raced.is_empty() {
            // Another device created one of these records while this batch was being applied.
            let of_raced = to_apply
                .into_iter()
                .filter(|entry| raced.contains(&entry.record_id))
                .collect();
            refused.extend(refuse_foreign(tx, device_id, of_raced).await?.1);
        }
        if !refused.is_empty() {
            let (refused_seqs, refused_reasons): (Vec<i64>, Vec<String>) =
                refused.into_iter().unzip();
            tx.execute(
                "UPDATE changes SET rejected_reason = u.reason
                 FROM unnest($2::int8[], $3::text[]) AS u(seq, reason)
                 WHERE changes.device_id = $1 AND changes.seq = u.seq",
                &[&device_id, &refused_seqs, &refused_reasons],
            )
            .await?;
        }
        tx.execute(
            "UPDATE device_progress SET acked_seq = $2 WHERE device_id = $1",
            &[&device_id, &new_acked],
        )
        .await?;
    }
    // Every rejection the laptop may not know yet: those of this batch's entries (a resend whose
    // first answer was lost gets them again) and those found on applying entries held from
    // earlier batches, i.e. every seq this answer acknowledges anew.
    let stored: Vec<Rejection> = tx
        .query(
            "SELECT seq, rejected_reason FROM changes
             WHERE device_id = $1 AND rejected_reason IS NOT NULL
               AND ((seq > $2 AND seq <= $3) OR seq = ANY($4))
             ORDER BY seq",
            &[&device_id, &old_acked, &new_acked, &seqs],
        )
        .await?
        .iter()
        .map(|row| Rejection {
            seq: row.get(0),
            reason: row.get(1),
        })
        .collect();
    for rejection in stored {
        if !rejected.iter().any(|known| known.seq == rejection.seq) {
            rejected.push(rejection);
        }
    }
    rejected.sort_by_key(|rejection| rejection.seq);
    Ok(BatchAck {
        device_id: device_id.to_string(),
        acked_seq: new_acked,
        rejected,
    })
}

/// Whether two JSON values say the same thing. JSONB may write a number differently from how it
/// came (`1.50` and `1.5`), so numbers compare by value; key order never matters.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, value)| y.get(key).is_some_and(|other| same_json(value, other)))
        }
        _ => a == b,
    }
}

/// Refuses the batch if the centre already holds one of its `(device_id, seq)` with other
/// content: that is not a resend but a second database sending as this device (a copied or
/// restored file), and taking it as a no-op would drop that database's change in silence.
/// Identical resends pass (they are no-ops).
async fn check_resends(
    tx: &impl GenericClient,
    device_id: &str,
    changes: &[OutboxEntry],
    seqs: &[i64],
    payloads: &[String],
) -> Result<()> {
    let held = tx
        .query(
            "SELECT seq, entity, record_id, op, payload, at FROM changes
             WHERE device_id = $1 AND seq = ANY($2)",
            &[&device_id, &seqs],
        )
        .await?;
    if held.is_empty() {
        return Ok(());
    }
    let index: HashMap<i64, usize> = seqs.iter().enumerate().map(|(i, &seq)| (seq, i)).collect();
    let mut conflicts = Vec::new();
    for row in &held {
        let seq: i64 = row.get(0);
        let Some(&i) = index.get(&seq) else {
            continue;
        };
        let entry = &changes[i];
        let stored_payload: Value = row.get(4);
        // The payload as it was stored (a payload PostgreSQL cannot hold is stored as null).
        let sent_payload = if payloads[i] == "null" {
            Value::Null
        } else {
            entry.payload.clone()
        };
        let field = if row.get::<_, &str>(1) != entry.entity {
            "entity"
        } else if row.get::<_, &str>(2) != entry.id {
            "record id"
        } else if row.get::<_, &str>(3) != entry.op {
            "op"
        } else if row.get::<_, &str>(5) != entry.at {
            "time (at)"
        } else if !same_json(&stored_payload, &sent_payload) {
            "payload"
        } else {
            continue;
        };
        conflicts.push((seq, field));
    }
    match conflicts.into_iter().min() {
        None => Ok(()),
        Some((seq, field)) => Err(CentralError::SeqConflict {
            device_id: device_id.to_string(),
            seq,
            field,
        }),
    }
}

/// Splits entries about to be applied into those this device may apply and refusals `(seq,
/// reason)` for changes to records another device created. An upsert to such a record that sends
/// only what the centre holds already is neither: it is dropped as the no-op it is.
async fn refuse_foreign(
    tx: &impl GenericClient,
    device_id: &str,
    entries: Vec<Held>,
) -> Result<(Vec<Held>, Vec<(i64, String)>)> {
    let mut ids_per_table: HashMap<&'static str, Vec<&str>> = HashMap::new();
    for entry in &entries {
        if let Some(table) = table_of(&entry.entity) {
            ids_per_table
                .entry(table)
                .or_default()
                .push(entry.record_id.as_str());
        }
    }
    // (table, id) -> (owner, stored record), for records another device created.
    let mut foreign: HashMap<(&'static str, String), (String, Value)> = HashMap::new();
    for table in TABLES {
        let Some(ids) = ids_per_table.get(table) else {
            continue;
        };
        for row in tx
            .query(
                &format!(
                    "SELECT id, device_id, record FROM {table} WHERE id = ANY($1) AND device_id <> $2"
                ),
                &[ids, &device_id],
            )
            .await?
        {
            foreign.insert((table, row.get(0)), (row.get(1), row.get(2)));
        }
    }
    if foreign.is_empty() {
        return Ok((entries, Vec::new()));
    }
    let mut labels: HashMap<String, Option<String>> = HashMap::new();
    let mut applicable = Vec::with_capacity(entries.len());
    let mut refused = Vec::new();
    for entry in entries {
        let Some(table) = table_of(&entry.entity) else {
            continue;
        };
        let Some((owner, stored)) = foreign.get(&(table, entry.record_id.clone())) else {
            applicable.push(entry);
            continue;
        };
        if entry.op == "upsert" && changes_nothing(&entry.payload, stored) {
            continue;
        }
        if !labels.contains_key(owner) {
            let label = tx
                .query_opt(
                    "SELECT label FROM device_tokens WHERE device_id = $1",
                    &[owner],
                )
                .await?
                .map(|row| row.get(0));
            labels.insert(owner.clone(), label);
        }
        let laptop = match &labels[owner] {
            Some(label) => format!("the laptop labelled '{label}' (device id {owner})"),
            None => format!("the laptop with device id {owner}"),
        };
        let what = if entry.op == "delete" {
            "delete"
        } else {
            "change"
        };
        refused.push((
            entry.seq,
            format!(
                "{} {} belongs to {laptop}, which created it; only that laptop may {what} it, so the centre kept its own copy as it was. Make the change on that laptop (if this laptop's database was copied from it, this change was made on the copy)",
                entry.entity, entry.record_id
            ),
        ));
    }
    Ok((applicable, refused))
}

/// Whether an upsert sends only fields the stored record already has with the same values. The
/// payload's `device_id` field is left out: it names the sender, which is not the record's
/// content, and a copied laptop that gave itself a new id rewrote it in its copies.
fn changes_nothing(payload: &Value, stored: &Value) -> bool {
    let (Value::Object(sent), Value::Object(stored)) = (payload, stored) else {
        return false;
    };
    sent.iter()
        .filter(|(key, _)| key.as_str() != "device_id")
        .all(|(key, value)| stored.get(key).is_some_and(|held| same_json(value, held)))
}

/// The applicable entries with `old < seq <= new`, in seq order: from the batch itself when it
/// holds them all (the usual in-order case), else from `changes`.
async fn held_between(
    tx: &impl GenericClient,
    device_id: &str,
    old: i64,
    new: i64,
    batch: &[OutboxEntry],
    reasons: &[Option<String>],
) -> Result<Vec<Held>> {
    let in_range = |seq: i64| seq > old && seq <= new;
    let from_batch = batch.iter().filter(|entry| in_range(entry.seq)).count();
    if i64::try_from(from_batch).unwrap_or(i64::MAX) == new - old {
        let mut held: Vec<Held> = batch
            .iter()
            .zip(reasons)
            .filter(|(entry, reason)| in_range(entry.seq) && reason.is_none())
            .map(|(entry, _)| Held {
                seq: entry.seq,
                entity: entry.entity.clone(),
                record_id: entry.id.clone(),
                op: entry.op.clone(),
                payload: entry.payload.clone(),
            })
            .collect();
        held.sort_by_key(|entry| entry.seq);
        return Ok(held);
    }
    let rows = tx
        .query(
            "SELECT seq, entity, record_id, op, payload FROM changes
             WHERE device_id = $1 AND seq > $2 AND seq <= $3 AND rejected_reason IS NULL
             ORDER BY seq",
            &[&device_id, &old, &new],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| Held {
            seq: row.get(0),
            entity: row.get(1),
            record_id: row.get(2),
            op: row.get(3),
            payload: row.get(4),
        })
        .collect())
}

/// Folds the entries per record (later seqs win field by field), then writes each table with one
/// delete and one upsert that merges the fields into the stored record. Only this device's own
/// records are touched; the ids of records found to belong to another device as they were written
/// (created by it since [`refuse_foreign`] looked) are returned, unwritten.
async fn write_records(
    tx: &impl GenericClient,
    device_id: &str,
    entries: &[Held],
) -> Result<HashSet<String>> {
    let mut raced = HashSet::new();
    let mut per_table: HashMap<&'static str, (Vec<String>, HashMap<String, Folded>)> =
        HashMap::new();
    for entry in entries {
        let Some(table) = table_of(&entry.entity) else {
            continue; // rejected when received
        };
        let (order, records) = per_table.entry(table).or_default();
        let folded = records.entry(entry.record_id.clone()).or_insert_with(|| {
            order.push(entry.record_id.clone());
            Folded {
                fields: Map::new(),
                delete_first: false,
                deleted: false,
                seq: entry.seq,
            }
        });
        folded.seq = entry.seq;
        if entry.op == "delete" {
            folded.fields.clear();
            folded.delete_first = true;
            folded.deleted = true;
            continue;
        }
        folded.deleted = false;
        if let Value::Object(fields) = &entry.payload {
            for (key, value) in fields {
                folded.fields.insert(key.clone(), value.clone());
            }
        }
    }
    for table in TABLES {
        let Some((order, records)) = per_table.get(table) else {
            continue;
        };
        let deletes: Vec<&str> = order
            .iter()
            .filter(|id| records[*id].delete_first)
            .map(String::as_str)
            .collect();
        if !deletes.is_empty() {
            tx.execute(
                &format!("DELETE FROM {table} WHERE id = ANY($1) AND device_id = $2"),
                &[&deletes, &device_id],
            )
            .await?;
        }
        let mut ids = Vec::with_capacity(order.len());
        let mut fields = Vec::with_capacity(order.len());
        let mut seqs = Vec::with_capacity(order.len());
        for id in order {
            let folded = &records[id];
            if folded.deleted {
                continue;
            }
            ids.push(id.as_str());
            fields.push(Value::Object(folded.fields.clone()).to_string());
            seqs.push(folded.seq);
        }
        if ids.is_empty() {
            continue;
        }
        // The owner is set on insert and never changed: the update applies to own records only.
        let written: HashSet<String> = tx
            .query(
                &format!(
                    "INSERT INTO {table} (id, record, device_id, applied_seq)
                     SELECT u.id, u.record::jsonb, $1, u.seq
                     FROM unnest($2::text[], $3::text[], $4::int8[]) AS u(id, record, seq)
                     ON CONFLICT (id) DO UPDATE SET
                         record = {table}.record || EXCLUDED.record,
                         applied_seq = EXCLUDED.applied_seq,
                         updated_at = now()
                     WHERE {table}.device_id = EXCLUDED.device_id
                     RETURNING id"
                ),
                &[&device_id, &ids, &fields, &seqs],
            )
            .await?
            .iter()
            .map(|row| row.get(0))
            .collect();
        if written.len() < ids.len() {
            raced.extend(
                ids.iter()
                    .filter(|id| !written.contains(**id))
                    .map(|id| id.to_string()),
            );
        }
    }
    Ok(raced)
}

/// The highest contiguous seq held for a device (0 when none).
pub async fn acked_seq(client: &impl GenericClient, device_id: &str) -> Result<i64> {
    Ok(client
        .query_opt(
            "SELECT acked_seq FROM device_progress WHERE device_id = $1",
            &[&device_id],
        )
        .await?
        .map_or(0, |row| row.get(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(seq: i64, entity: &str, id: &str, payload: Value) -> OutboxEntry {
        OutboxEntry::upsert("dev-a", seq, entity, id, payload, "2026-03-14T09:00:00Z")
    }

    #[test]
    fn every_entity_the_laptop_sends_has_a_table() {
        use strum::IntoEnumIterator;
        for entity in crate::records::Entity::iter() {
            let name: &str = entity.into();
            let table = table_of(name).unwrap_or_else(|| panic!("{name} has no table"));
            assert!(TABLES.contains(&table));
        }
        assert_eq!(table_of("print"), None);
    }

    #[test]
    fn a_batch_of_two_laptops_or_repeated_seqs_is_refused_whole() {
        let a = entry(1, "staff", "s1", json!({"id": "s1"}));
        let mut b = entry(2, "staff", "s2", json!({"id": "s2"}));
        assert_eq!(check_batch(&[a.clone(), b.clone()]), Ok(()));
        b.device_id = "dev-b".into();
        assert!(
            check_batch(&[a.clone(), b])
                .unwrap_err()
                .contains("separately")
        );
        let again = entry(1, "staff", "s9", json!({"id": "s9"}));
        assert!(
            check_batch(&[a.clone(), again])
                .unwrap_err()
                .contains("twice")
        );
        let zero = entry(0, "staff", "s0", json!({"id": "s0"}));
        assert!(check_batch(&[zero]).unwrap_err().contains("count from 1"));
        assert_eq!(check_batch(&[]), Ok(()));
    }

    #[test]
    fn entries_that_cannot_be_applied_say_why() {
        let reason = |e: &OutboxEntry| rejection_reason(e, &e.payload.to_string());
        assert_eq!(reason(&entry(1, "offer", "o1", json!({"id": "o1"}))), None);
        assert!(
            reason(&entry(1, "gadget", "g1", json!({"id": "g1"})))
                .unwrap()
                .contains("unknown entity 'gadget'")
        );
        assert!(
            reason(&entry(1, "offer", "o1", json!({"status": "made"})))
                .unwrap()
                .contains("no id")
        );
        assert!(
            reason(&entry(1, "offer", "o1", json!({"id": "o2"})))
                .unwrap()
                .contains("not the change's id")
        );
        assert!(
            reason(&entry(1, "offer", "o1", json!([1, 2])))
                .unwrap()
                .contains("not a JSON object")
        );
        let mut odd = entry(1, "offer", "o1", json!({"id": "o1"}));
        odd.op = "merge".into();
        assert!(reason(&odd).unwrap().contains("unknown op 'merge'"));
        odd.op = "delete".into();
        odd.payload = Value::Null;
        assert_eq!(reason(&odd), None);
    }
}
