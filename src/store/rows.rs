//! Reading rows whose mapping can fail on a stored value (a date, a time, an enum's text, a JSON
//! list) as well as in SQLite: each row is mapped straight into its type, with no tuple between.

use rusqlite::{Params, Row, Statement};

use super::{Result, StoreError};

/// Runs `stmt` and hands each row, mapped by `map`, to `each`, one at a time.
pub(crate) fn for_each_row<T, E: From<StoreError>>(
    stmt: &mut Statement<'_>,
    params: impl Params,
    map: impl Fn(&Row<'_>) -> Result<T>,
    mut each: impl FnMut(T) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut rows = stmt.query(params).map_err(StoreError::from)?;
    while let Some(row) = rows.next().map_err(StoreError::from)? {
        each(map(row)?)?;
    }
    Ok(())
}

/// Runs `stmt` and maps every row with `map`.
pub(crate) fn collect_rows<T>(
    stmt: &mut Statement<'_>,
    params: impl Params,
    map: impl Fn(&Row<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let mut all = Vec::new();
    for_each_row(stmt, params, map, |item| {
        all.push(item);
        Ok::<_, StoreError>(())
    })?;
    Ok(all)
}

/// Runs `stmt` for at most one row and maps it with `map`; `None` when there is none.
pub(crate) fn optional_row<T>(
    stmt: &mut Statement<'_>,
    params: impl Params,
    map: impl FnOnce(&Row<'_>) -> Result<T>,
) -> Result<Option<T>> {
    let mut rows = stmt.query(params)?;
    rows.next()?.map(map).transpose()
}

/// Text as stored for an enum (`waiting`, `offer`…), parsed into it.
pub(crate) fn text_enum<T: std::str::FromStr>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| StoreError::Corrupt(format!("value '{text}'")))
}

/// A stored value that may be missing, parsed by `parse` when it is there.
pub(crate) fn opt<T>(text: Option<String>, parse: impl Fn(&str) -> Result<T>) -> Result<Option<T>> {
    text.as_deref().map(parse).transpose()
}
