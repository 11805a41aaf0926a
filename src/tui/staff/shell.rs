//! The staff screens' shell: carries out each [`Effect`] through the services and answers with a
//! [`Msg`], runs the background jobs, and notices other processes' commits (the kiosk) through
//! `PRAGMA data_version`. The match over effects is exhaustive, so an effect nobody carries out
//! does not compile.

use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::{DateTime, Utc};

use super::jobs::ExportJob;
use super::message::{ContactOutcome, Effect, Msg, Pin};
use super::syncing;
use super::team::StaffEdit;
use crate::content::Content;
use crate::domain::{Event, Source, Staff};
use crate::service::interview::OpenInterviewError;
use crate::service::offer::{OfferScreen, OpenOfferError, PrintRequest, PrintSlipError};
use crate::service::pin::{self as pin_check, Door};
use crate::service::ready::{self, PrinterCheck};
use crate::service::registration::CorrectionError;
use crate::service::staff::{self, AddStaffError};
use crate::service::{floor, interview, offer, registration};
use crate::store::{Actor, Store};
use crate::tui::words;

/// What the staff screens say when there is no event to work on.
const NO_EVENT: &str = "There is no event yet. Create one with: fairfloor init --event NAME --venue VENUE --date YYYY-MM-DD";

/// Carries out the app's effects against the store, and notices other processes' changes.
pub struct Shell {
    store: Store,
    event: Option<Event>,
    content: Content,
    data_version: Option<i64>,
    /// The dashboard is open: every refresh reads its rows too.
    watching_dashboard: bool,
    /// Messages from the background sync, while it runs.
    sync_messages: Option<Receiver<Msg>>,
    /// The export started from the dashboard, while it runs.
    export: Option<ExportJob>,
}

impl Shell {
    pub fn new(store: Store, event: Option<Event>, content: Content) -> Self {
        let data_version = store.data_version().ok();
        Self {
            store,
            event,
            content,
            data_version,
            watching_dashboard: false,
            sync_messages: None,
            export: None,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The candidates and where sync and the clock stand, read now.
    pub fn refresh(&self) -> Msg {
        let Some(event) = &self.event else {
            return Msg::Batch(Vec::new());
        };
        let mut messages = Vec::new();
        match floor::queue(&self.store, event) {
            Ok(rows) => messages.push(Msg::Candidates(rows)),
            Err(e) => messages.push(Msg::Failed(format!(
                "Could not read the queue: {}",
                words::error(&e)
            ))),
        }
        if let Ok(status) = floor::sync_status(&self.store) {
            messages.push(Msg::SyncStatus(status));
        }
        if let Ok(checks) = floor::clock_checks(&self.store) {
            messages.push(Msg::Clock(checks));
        }
        if self.watching_dashboard {
            messages.push(self.dashboard_rows(event));
        }
        Msg::Batch(messages)
    }

    fn dashboard_rows(&self, event: &Event) -> Msg {
        match floor::day(&self.store, event) {
            Ok((rows, people)) => Msg::Dashboard {
                rows: Box::new(rows),
                people,
            },
            Err(e) => Msg::Failed(format!(
                "Could not read the day's figures: {}",
                words::error(&e)
            )),
        }
    }

    /// Called on every tick: news of a running sync or export, and everything read again when
    /// another process has committed.
    pub fn poll(&mut self) -> Option<Msg> {
        let mut messages = self.sync_messages();
        messages.extend(self.export_news());
        messages.extend(self.poll_store());
        (!messages.is_empty()).then_some(Msg::Batch(messages))
    }

    /// The latest progress of the running export and, once it has ended, how.
    fn export_news(&mut self) -> Option<Msg> {
        let (news, ended) = self.export.as_ref()?.news();
        if ended {
            self.export = None;
        }
        let messages: Vec<Msg> = news.into_iter().map(Msg::Export).collect();
        (!messages.is_empty()).then_some(Msg::Batch(messages))
    }

    /// When another process has committed, reads everything again.
    fn poll_store(&mut self) -> Option<Msg> {
        let version = self.store.data_version().ok()?;
        if self.data_version == Some(version) {
            return None;
        }
        self.data_version = Some(version);
        let mut messages = vec![self.refresh()];
        if let Ok(staff) = floor::active_staff(&self.store) {
            messages.push(Msg::Staff(staff));
        }
        Some(Msg::Batch(messages))
    }

    /// Whatever the background sync has said since the last look.
    fn sync_messages(&mut self) -> Vec<Msg> {
        let mut messages = Vec::new();
        while let Some(receiver) = &self.sync_messages {
            match receiver.try_recv() {
                Ok(message) => messages.push(message),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.sync_messages = None,
            }
        }
        messages
    }

    fn event(&self) -> Result<Event, Msg> {
        self.event
            .clone()
            .ok_or_else(|| Msg::Failed(NO_EVENT.to_string()))
    }

    /// Does what the app asked; the answer, if any, goes back to the app.
    pub fn perform(&mut self, effect: Effect) -> Option<Msg> {
        match self.carry_out(effect) {
            Ok(answer) => answer,
            Err(failed) => Some(failed),
        }
    }

    /// One arm per effect, each a call to the service that owns the use case. `Err` is the
    /// message to answer with when there is no event to work on.
    fn carry_out(&mut self, effect: Effect) -> Result<Option<Msg>, Msg> {
        Ok(match effect {
            Effect::CheckPin { staff_id, pin, at } => Some(self.check_pin(&staff_id, &pin, at)),
            Effect::SignOut { staff_id, at } => {
                // Signing out always works; a failed audit row is not worth stopping for.
                let _ = floor::sign_out(&mut self.store, &staff_id, &Actor::staff(&staff_id, at));
                None
            }
            Effect::Reload => Some(self.refresh()),
            Effect::StartSync => {
                if self.sync_messages.is_some() {
                    return Ok(Some(Msg::Failed("A sync is already running.".into())));
                }
                self.sync_messages = Some(syncing::start(self.store.path().to_path_buf()));
                None
            }
            Effect::StartExport { dataset, format } => {
                if self.export.is_none() {
                    let event = self.event.clone().ok_or_else(|| {
                        Msg::Export(super::dashboard::ExportUpdate::Finished(Err(
                            NO_EVENT.to_string()
                        )))
                    })?;
                    self.export = Some(ExportJob::start(
                        self.store.path().to_path_buf(),
                        self.content.roles.clone(),
                        event,
                        dataset,
                        format,
                    ));
                }
                None
            }
            Effect::WatchDashboard => {
                self.watching_dashboard = true;
                Some(self.dashboard_rows(&self.event()?))
            }
            Effect::UnwatchDashboard => {
                self.watching_dashboard = false;
                None
            }
            Effect::LoadDetail { candidate_id } => Some(
                match floor::candidate(&self.store, &self.event()?, &candidate_id) {
                    Ok(detail) => Msg::Detail(Box::new(detail)),
                    Err(e) => Msg::Failed(format!(
                        "Could not open the candidate: {}",
                        words::error(&e)
                    )),
                },
            ),
            Effect::CorrectContact {
                candidate_id,
                ticket,
                contact: [email, phone, postcode],
                staff_id,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff_id, at));
                let corrected = registration::correct_contact(
                    &mut self.store,
                    &event,
                    &candidate_id,
                    (&email, &phone, &postcode),
                    &actor,
                );
                let outcome = match corrected {
                    Ok(duplicate_of) => ContactOutcome::Saved { duplicate_of },
                    Err(CorrectionError::Invalid(problems)) => {
                        let kiosk = &self.content.kiosk;
                        ContactOutcome::Refused(
                            problems
                                .into_iter()
                                .map(|(field, error)| (field, kiosk.field_error(&error)))
                                .collect(),
                        )
                    }
                    Err(CorrectionError::Store(e)) => {
                        return Ok(Some(Msg::Failed(format!(
                            "{ticket} was not changed: {}",
                            words::error(&e)
                        ))));
                    }
                };
                Some(Msg::ContactCorrected {
                    candidate_id,
                    ticket,
                    outcome,
                })
            }
            Effect::SettleDuplicate {
                candidate_id,
                ticket,
                same_person,
                staff_id,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff_id, at));
                let settled = if same_person {
                    registration::merge_duplicate(&mut self.store, &event, &candidate_id, &actor)
                        .map(|(into, took_place)| ContactOutcome::Merged { into, took_place })
                } else {
                    registration::not_a_duplicate(&mut self.store, &event, &candidate_id, &actor)
                        .map(|()| ContactOutcome::NotADuplicate)
                };
                let not_changed = format!("{ticket} was not changed");
                reply(
                    settled,
                    |outcome| Msg::ContactCorrected {
                        candidate_id,
                        ticket,
                        outcome,
                    },
                    |e| format!("{not_changed}: {}", words::error(&e)),
                )
            }
            Effect::SetStatus {
                candidate_id,
                ticket,
                status,
                staff_id,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff_id, at));
                let saved = registration::set_status(
                    &mut self.store,
                    &event,
                    &candidate_id,
                    status,
                    &actor,
                );
                let not_changed = format!("{ticket} was not changed");
                reply(
                    saved,
                    |()| Msg::StatusChanged {
                        candidate_id,
                        ticket,
                        status,
                    },
                    |e| format!("{not_changed}: {}", words::error(&e)),
                )
            }
            Effect::Register {
                registration: walk_in,
                staff_id,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff_id, at));
                let saved = registration::register(
                    &mut self.store,
                    &event,
                    &walk_in,
                    Source::WalkIn,
                    &actor,
                );
                reply(
                    saved,
                    |outcome| Msg::Registered {
                        outcome,
                        name: walk_in.full_name(),
                    },
                    |e| {
                        format!(
                            "Not saved: {}. Everything typed is still here; press Ctrl-S to try again.",
                            words::error(&e)
                        )
                    },
                )
            }
            Effect::LoadInterview {
                candidate_id,
                staff_id,
            } => Some(self.interview_ready(&candidate_id, &staff_id)?),
            Effect::ResumeOpenInterview { staff_id } => {
                self.event()?;
                match interview::left_open(&self.store, &staff_id) {
                    Ok(Some(screening)) => {
                        Some(self.interview_ready(&screening.candidate_id, &staff_id)?)
                    }
                    Ok(None) => None,
                    Err(e) => Some(Msg::Failed(format!(
                        "Could not look for an open interview: {}",
                        words::error(&e)
                    ))),
                }
            }
            Effect::StartScreening {
                candidate_id,
                script,
                blind,
                staff,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff.id, at));
                let started = interview::start(
                    &mut self.store,
                    &event,
                    &candidate_id,
                    &staff,
                    &script,
                    blind,
                    &actor,
                );
                reply(
                    started,
                    |screening| Msg::ScreeningStarted(Box::new(screening)),
                    |e| format!("The interview did not start: {}", words::error(&e)),
                )
            }
            Effect::SaveAnswer {
                screening_id,
                answer,
                staff_id,
                at,
            } => {
                self.event()?;
                let actor = Actor::staff(&staff_id, at);
                interview::save_answer(&mut self.store, &screening_id, &answer, &actor)
                    .err()
                    .map(|e| {
                        Msg::Failed(format!(
                            "That answer was not saved: {}. It is still on screen; give it again to retry.", words::error(&e)
                        ))
                    })
            }
            Effect::FinishScreening {
                screening_id,
                candidate_id,
                ticket,
                decision,
                staff_id,
                at,
            } => {
                self.event()?;
                let actor = Actor::staff(&staff_id, at);
                let saved = interview::finish(&mut self.store, &screening_id, &decision, &actor);
                reply(
                    saved,
                    |()| Msg::ScreeningFinished {
                        ticket,
                        candidate_id,
                        screening_id,
                        decision: decision.decision,
                    },
                    |e| {
                        format!(
                            "The decision was not saved: {}. Nothing is lost; press Ctrl-S to try again.",
                            words::error(&e)
                        )
                    },
                )
            }
            Effect::AbandonScreening {
                screening_id,
                ticket,
                staff_id,
                at,
            } => {
                self.event()?;
                let actor = Actor::staff(&staff_id, at);
                let closed = interview::abandon(&mut self.store, &screening_id, &actor);
                reply(
                    closed,
                    |()| Msg::ScreeningAbandoned { ticket },
                    |e| format!("The interview was not closed: {}", words::error(&e)),
                )
            }
            Effect::OpenOffer {
                candidate_id,
                screening_id,
            } => Some(
                match offer::open(&self.store, &self.event()?, &candidate_id) {
                    Ok(OfferScreen::Live { offer, printer }) => Msg::OfferReady { offer, printer },
                    Ok(OfferScreen::Form { detail, valid_days }) => Msg::OfferFormReady {
                        detail,
                        screening_id,
                        valid_days,
                    },
                    Err(OpenOfferError::Candidate(e)) => Msg::Failed(format!(
                        "Could not open the candidate: {}",
                        words::error(&e)
                    )),
                    Err(OpenOfferError::Settings(e)) => Msg::Failed(format!(
                        "Could not read the offer settings: {}",
                        words::error(&e)
                    )),
                },
            ),
            Effect::MakeOffer {
                offer: new,
                staff_id,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff_id, at));
                reply(
                    offer::make(&mut self.store, &event, &new, &staff_id, &actor),
                    |made| Msg::OfferReady {
                        offer: Box::new(made.offer),
                        printer: made.printer,
                    },
                    |e| format!("The offer was not made: {}", words::error(&e)),
                )
            }
            Effect::PrintOffer {
                offer_id,
                staff_id,
                at,
            } => {
                let event = self.event()?;
                Some(Msg::Printed(
                    self.print_offer(&event, &offer_id, &staff_id, at),
                ))
            }
            Effect::LoadTeam => Some(self.team()),
            Effect::CheckReady(printer) => Some(self.ready(printer)),
            Effect::EditStaff { edit, by, at } => Some(self.edit_staff(edit, &by, at)),
            Effect::CloseOffer {
                offer_id,
                status,
                reason,
                staff_id,
                at,
            } => {
                let (event, actor) = (self.event()?, Actor::staff(&staff_id, at));
                reply(
                    offer::close(&mut self.store, &event, &offer_id, status, &reason, &actor),
                    |closed| Msg::OfferClosed {
                        reference: closed.reference,
                        status,
                    },
                    |e| format!("The offer was not changed: {}", words::error(&e)),
                )
            }
        })
    }

    /// Prints the slip on the event's printer; the service logs the attempt, whatever happens.
    fn print_offer(
        &mut self,
        event: &Event,
        offer_id: &str,
        staff_id: &str,
        at: DateTime<Utc>,
    ) -> Result<String, String> {
        let actor = Actor::staff(staff_id, at);
        let request = PrintRequest::default();
        match offer::print_slip(
            &mut self.store,
            &self.content,
            event,
            offer_id,
            request,
            &actor,
        ) {
            Ok(printed) if printed.print_number > 1 => Ok(format!(
                "{} (print {} of this slip)",
                printed.done, printed.print_number
            )),
            Ok(printed) => Ok(printed.done),
            Err(PrintSlipError::NoPrinter) => {
                Err("No printer is set: fairfloor event --printer cups:QUEUE".to_string())
            }
            Err(PrintSlipError::Failed { source, .. }) => Err(format!(
                "{source}. The offer is saved; press p to try again."
            )),
            Err(e @ (PrintSlipError::Target(_) | PrintSlipError::Store(_))) => {
                Err(words::error(&e))
            }
        }
    }

    fn interview_ready(&self, candidate_id: &str, staff_id: &str) -> Result<Msg, Msg> {
        let event = self.event()?;
        Ok(
            match interview::open(&self.store, &event, candidate_id, staff_id) {
                Ok(ready) => Msg::InterviewReady {
                    detail: Box::new(ready.detail),
                    open: ready.open.map(Box::new),
                },
                Err(OpenInterviewError::Candidate(e)) => Msg::Failed(format!(
                    "Could not open the candidate: {}",
                    words::error(&e)
                )),
                Err(OpenInterviewError::OpenInterview(e)) => Msg::Failed(format!(
                    "Could not look for an open interview: {}",
                    words::error(&e)
                )),
            },
        )
    }

    /// Everyone on this laptop's staff list, with their locks.
    /// The same check as `fairfloor doctor --ready`, with the pack these screens use.
    fn ready(&self, printer: PrinterCheck) -> Msg {
        let pack = ready::Pack::Loaded(&self.content);
        match ready::check(&self.store, pack, printer, Utc::now()) {
            Ok(readiness) => Msg::Ready(Box::new(readiness)),
            Err(e) => Msg::Failed(format!(
                "Could not check what the fair needs: {}",
                words::error(&e)
            )),
        }
    }

    fn team(&self) -> Msg {
        match staff::members(&self.store) {
            Ok(members) => Msg::Team(members),
            Err(e) => Msg::Failed(format!(
                "Could not read the staff list: {}",
                words::error(&e)
            )),
        }
    }

    /// A coordinator's change to the staff list, through the same service calls as `fairfloor
    /// staff`; the answer says what was done and carries the lists read again (the sign-in
    /// list too, so a disabled person disappears from it at once).
    fn edit_staff(&mut self, edit: StaffEdit, by: &Staff, at: DateTime<Utc>) -> Msg {
        let actor = Actor::staff(&by.id, at);
        let store = &mut self.store;
        let done = match edit {
            StaffEdit::Add { name, role, pin } => {
                staff::add(store, &name, role, pin.expose(), &actor).map(|added| {
                    format!(
                        "Added {} as a {}. They sign in with their PIN.",
                        added.name, added.role
                    )
                })
            }
            StaffEdit::SetActive { name, active } => {
                staff::set_active(store, &name, active, &actor).map(|(person, changed)| {
                    match (active, changed) {
                        (false, true) => format!("{} can no longer sign in.", person.name),
                        (true, true) => format!("{} can sign in again.", person.name),
                        (false, false) => format!("{} was already disabled.", person.name),
                        (true, false) => format!("{} could already sign in.", person.name),
                    }
                })
            }
            StaffEdit::Rename { name, to } => staff::rename(store, &name, &to, &actor)
                .map(|person| format!("{name} is now {}.", person.name)),
            StaffEdit::ResetPin { name, pin } => {
                staff::reset_pin(store, &name, pin.expose(), &actor).map(|person| {
                    format!(
                        "{} has a new PIN; any wrong PINs and lock are cleared.",
                        person.name
                    )
                })
            }
            StaffEdit::Unlock { target, pin } => {
                return match staff::unlock(store, &target, by, pin.expose(), at) {
                    Ok(Ok(was_locked)) => self.staff_changed(if was_locked {
                        format!("Unlocked {}'s PIN. They can sign in again.", target.name)
                    } else {
                        format!(
                            "{}'s PIN was not locked; any wrong PINs are forgotten.",
                            target.name
                        )
                    }),
                    Ok(Err(refusal)) => Msg::Failed(format!("{refusal} Nothing was changed.")),
                    Err(e) => Msg::Failed(format!("Nothing was changed: {}.", words::error(&e))),
                };
            }
        };
        match done {
            Ok(text) => self.staff_changed(text),
            Err(e) => Msg::Failed(staff_refusal(&e)),
        }
    }

    /// What was done, with the staff list and the sign-in list read again.
    fn staff_changed(&self, text: String) -> Msg {
        let mut messages = vec![Msg::StaffChanged(text), self.team()];
        if let Ok(active) = floor::active_staff(&self.store) {
            messages.push(Msg::Staff(active));
        }
        Msg::Batch(messages)
    }

    fn check_pin(&mut self, staff_id: &str, pin: &Pin, at: DateTime<Utc>) -> Msg {
        match pin_check::check(&mut self.store, Door::SignIn { staff_id }, pin.expose(), at) {
            Ok(Ok(staff)) => Msg::SignedIn(staff),
            Ok(Err(refusal)) => Msg::PinRefused(refusal),
            Err(e) => Msg::Failed(format!(
                "Could not check the PIN, so it was refused: {}",
                words::error(&e)
            )),
        }
    }
}

/// Why the staff service refused a change: its own words, and on the staff screen how to go on.
fn staff_refusal(error: &AddStaffError) -> String {
    match error {
        AddStaffError::NameTaken(_) => format!(
            "{error}: give a name that tells them apart (a middle name or an initial). Nothing was changed."
        ),
        AddStaffError::LastCoordinator(_) => format!(
            "{error}, and only a coordinator can close the kiosk or unlock a PIN: add another coordinator first (a). Nothing was changed."
        ),
        _ => format!("Nothing was changed: {}.", words::error(error)),
    }
}

/// The answer to an effect: made by `ok` from what the service returned, or the failure in the
/// words `failed` gives it.
fn reply<T, E>(
    result: Result<T, E>,
    ok: impl FnOnce(T) -> Msg,
    failed: impl FnOnce(E) -> String,
) -> Option<Msg> {
    Some(match result {
        Ok(value) => ok(value),
        Err(e) => Msg::Failed(failed(e)),
    })
}
