//! The player and its speaker view keep in step through a `BroadcastChannel`
//! named after the story: either window says which step it moved to, and a
//! speaker view that opens asks the player where it is.

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// What one window tells the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// "I now show this step" (counted from 1).
    Step(usize),
    /// "Which step do you show?"
    Where,
}

impl Message {
    /// The message as sent on the channel.
    pub fn encode(self) -> String {
        match self {
            Message::Step(n) => format!("step:{n}"),
            Message::Where => "where".into(),
        }
    }

    /// A received message; `None` for anything else.
    pub fn decode(text: &str) -> Option<Message> {
        if text == "where" {
            return Some(Message::Where);
        }
        text.strip_prefix("step:")?
            .parse()
            .ok()
            .filter(|&n| n >= 1)
            .map(Message::Step)
    }
}

thread_local! {
    /// The page's one open channel.
    static CHANNEL: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Opens the channel of story `id`; `on_message` hears the other window.
pub fn open(id: &str, on_message: impl Fn(Message) + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(&format!("atlas-story-{id}")) else {
        return;
    };
    let listener =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            if let Some(message) = ev.data().as_string().as_deref().and_then(Message::decode) {
                on_message(message);
            }
        });
    channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
    // The channel lives as long as the page.
    listener.forget();
    CHANNEL.with(|c| *c.borrow_mut() = Some(channel));
}

/// Tells the other window.
pub fn send(message: Message) {
    CHANNEL.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&message.encode()));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_others_are_ignored() {
        for m in [Message::Step(3), Message::Where] {
            assert_eq!(Message::decode(&m.encode()), Some(m));
        }
        assert_eq!(Message::decode("step:0"), None);
        assert_eq!(Message::decode("step:x"), None);
        assert_eq!(Message::decode("hello"), None);
    }
}
