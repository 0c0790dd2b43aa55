//! Change events: what a store publishes after each committed change, and
//! what the read model and the caches subscribe to.
//!
//! A subscriber catches up synchronously, under its own lock, before it
//! answers from what it holds: an event sent before a request began is always
//! seen by that request, with no task in between to schedule.

use std::collections::BTreeSet;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::TryRecvError;

/// How many events a subscriber may fall behind before it must drop everything.
pub const CAPACITY: usize = 64;

/// What one committed change touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeEvent {
    /// Collections whose features, title, description or place changed,
    /// including collections created or removed.
    pub collections: BTreeSet<String>,
    /// Features created, updated or deleted.
    pub features: BTreeSet<String>,
    /// Whether reports or their passages changed.
    pub reports: bool,
    /// Stories created, updated or deleted, by id.
    pub stories: BTreeSet<String>,
}

impl ChangeEvent {
    /// Whether the change touched nothing.
    pub fn is_empty(&self) -> bool {
        self.collections.is_empty()
            && self.features.is_empty()
            && !self.reports
            && self.stories.is_empty()
    }

    /// Adds what `other` touched to what this one did.
    pub fn merge(&mut self, other: ChangeEvent) {
        self.collections.extend(other.collections);
        self.features.extend(other.features);
        self.reports |= other.reports;
        self.stories.extend(other.stories);
    }
}

/// The sending side a store keeps; every subscriber has its own receiver.
pub fn channel() -> broadcast::Sender<ChangeEvent> {
    broadcast::channel(CAPACITY).0
}

/// What a subscriber learns when it catches up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// Nothing changed since it last looked.
    Nothing,
    /// These things changed (several events merged into one).
    Changed(ChangeEvent),
    /// It fell behind and lost events: anything may have changed.
    Everything,
}

/// One subscriber's view of a store's events, with a count of the changes it
/// has seen, so that a value read from the store before a change is not kept
/// after it.
#[derive(Debug)]
pub struct Subscription {
    events: broadcast::Receiver<ChangeEvent>,
    epoch: u64,
}

impl Subscription {
    /// A subscription that starts with the events sent from now on.
    pub fn new(events: broadcast::Receiver<ChangeEvent>) -> Subscription {
        Subscription { events, epoch: 0 }
    }

    /// Takes every event sent since the last call.
    pub fn catch_up(&mut self) -> Seen {
        // Built only when an event comes: every cache lookup catches up, and
        // almost always finds nothing.
        let mut merged: Option<ChangeEvent> = None;
        let mut lagged = false;
        loop {
            match self.events.try_recv() {
                Ok(event) => match &mut merged {
                    Some(merged) => merged.merge(event),
                    None => merged = Some(event),
                },
                Err(TryRecvError::Lagged(_)) => lagged = true,
                // Closed: the store is gone, and nothing more will change.
                Err(TryRecvError::Empty | TryRecvError::Closed) => break,
            }
        }
        let seen = match merged {
            _ if lagged => Seen::Everything,
            Some(merged) if !merged.is_empty() => Seen::Changed(merged),
            _ => return Seen::Nothing,
        };
        self.epoch += 1;
        seen
    }

    /// How many times [`Subscription::catch_up`] has seen a change: a value
    /// read from the store at one epoch may be kept only at the same epoch.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(collection: &str) -> ChangeEvent {
        ChangeEvent {
            collections: BTreeSet::from([collection.to_string()]),
            ..ChangeEvent::default()
        }
    }

    #[test]
    fn a_subscriber_sees_every_event_sent_since_it_last_looked_merged() {
        let sender = channel();
        let mut subscription = Subscription::new(sender.subscribe());
        assert_eq!(subscription.catch_up(), Seen::Nothing);
        assert_eq!(subscription.epoch(), 0);
        sender.send(event("rail")).expect("a subscriber");
        sender.send(event("ports")).expect("a subscriber");
        let Seen::Changed(seen) = subscription.catch_up() else {
            panic!("two events were sent");
        };
        assert_eq!(
            seen.collections.into_iter().collect::<Vec<_>>(),
            ["ports", "rail"]
        );
        assert_eq!(subscription.epoch(), 1);
        assert_eq!(subscription.catch_up(), Seen::Nothing);
    }

    #[test]
    fn a_subscriber_that_fell_behind_is_told_everything_changed() {
        let sender = channel();
        let mut subscription = Subscription::new(sender.subscribe());
        for _ in 0..=CAPACITY {
            sender.send(event("rail")).expect("a subscriber");
        }
        assert_eq!(subscription.catch_up(), Seen::Everything);
        assert_eq!(subscription.catch_up(), Seen::Nothing);
    }
}
