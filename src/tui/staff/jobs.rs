//! Work the staff screens start and that carries on while they stay live: an export of the day
//! on its own thread, with its own connection to the file. (The background sync is in
//! [`super::syncing`].)

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::dashboard::ExportUpdate;
use crate::domain::Event;
use crate::domain::roles::RoleCatalogue;
use crate::export::{Dataset, Destination, ExportRequest, Format};
use crate::service::export::{export_day, file_beside_database};
use crate::store::Store;

/// An export running on its own thread.
pub struct ExportJob {
    news: Receiver<ExportUpdate>,
}

impl ExportJob {
    /// Starts exporting `dataset` of the event's day into the folder the database is in.
    pub fn start(
        database: PathBuf,
        roles: RoleCatalogue,
        event: Event,
        dataset: Dataset,
        format: Format,
    ) -> Self {
        let (news, receiver) = channel();
        std::thread::spawn(move || {
            let progress_news = news.clone();
            let result = (|| {
                let store = Store::open(&database).map_err(|e| crate::tui::words::error(&e))?;
                let path = file_beside_database(&database, dataset, &event, format);
                let request = ExportRequest {
                    dataset,
                    format,
                    bom: false,
                    event: &event,
                    roles: &roles,
                };
                export_day(
                    &store,
                    &request,
                    &Destination::File(path),
                    &mut |done, total| {
                        let _ = progress_news.send(ExportUpdate::Progress { done, total });
                    },
                )
                .map_err(|e| crate::tui::words::error(&e))
            })();
            let _ = news.send(ExportUpdate::Finished(result));
        });
        Self { news: receiver }
    }

    /// The latest progress since the last look and, once the export has ended, how. The
    /// second value says whether it has ended.
    pub fn news(&self) -> (Vec<ExportUpdate>, bool) {
        let mut progress = None;
        let mut finished = None;
        loop {
            match self.news.try_recv() {
                Ok(update @ ExportUpdate::Progress { .. }) => progress = Some(update),
                Ok(update @ ExportUpdate::Finished(_)) => {
                    finished = Some(update);
                    break;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    finished = Some(ExportUpdate::Finished(Err(
                        "the export stopped unexpectedly; try again".to_string(),
                    )));
                    break;
                }
            }
        }
        let ended = finished.is_some();
        (progress.into_iter().chain(finished).collect(), ended)
    }
}
