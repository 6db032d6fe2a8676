//! Where `export`'s log lines go: above the progress bar on stderr as plain `warning:`
//! lines, or, with `--json`, as `warning` events on stdout.

use super::events::{BarSlot, Event};
use std::fmt::Write as _;
use tracing::field::{Field, Visit};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

/// Warnings and errors, without wgpu's own log lines: the GPU's messages reach the user
/// inside Reel's errors. `RUST_LOG` overrides it.
const DEFAULT_LOG_FILTER: &str = "warn,wgpu_hal=off,wgpu_core=off,wgpu=off";

/// Sends log lines to stderr above `bar`, or as JSON events when `json` is set.
pub fn init(json: bool, bar: &BarSlot) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_LOG_FILTER));
    if json {
        tracing_subscriber::registry()
            .with(filter)
            .with(JsonWarnings)
            .init();
    } else {
        tracing_subscriber::registry()
            .with(filter)
            .with(TextLines(bar.clone()))
            .init();
    }
}

/// Prints each log event that passes the filter as one line above the progress bar,
/// `warning: …` (or `error:`, `info:`, `debug:`, `trace:`): plain text, no colour codes
/// or timestamps, for people and for the files their terminals are piped into.
struct TextLines(BarSlot);

impl<S: tracing::Subscriber> Layer<S> for TextLines {
    fn on_event(&self, event: &tracing::Event<'_>, _context: Context<'_, S>) {
        let mut text = MessageText::default();
        event.record(&mut text);
        let label = match *event.metadata().level() {
            tracing::Level::ERROR => "error",
            tracing::Level::WARN => "warning",
            tracing::Level::INFO => "info",
            tracing::Level::DEBUG => "debug",
            tracing::Level::TRACE => "trace",
        };
        self.0
            .write_above(format!("{label}: {}\n", text.0).as_bytes());
    }
}

/// Prints each log event that passes the filter as a `warning` event.
struct JsonWarnings;

impl<S: tracing::Subscriber> Layer<S> for JsonWarnings {
    fn on_event(&self, event: &tracing::Event<'_>, _context: Context<'_, S>) {
        let mut text = MessageText::default();
        event.record(&mut text);
        Event::Warning { message: &text.0 }.print();
    }
}

/// An event's message, followed by its other fields as `name=value`.
#[derive(Default)]
struct MessageText(String);

impl Visit for MessageText {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let rest = std::mem::take(&mut self.0);
            self.0 = format!("{value:?}{rest}");
        } else {
            let _ = write!(self.0, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            let rest = std::mem::take(&mut self.0);
            self.0 = format!("{value}{rest}");
        } else {
            let _ = write!(self.0, " {}={value}", field.name());
        }
    }
}
