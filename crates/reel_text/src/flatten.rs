//! Overlay pictures made one for a frame, and kept while the next frames show the same.

use reel_plan::OverlayLayer;
use std::sync::Mutex;

/// One overlay picture of the frame: its digest, origin and opacity's bits.
type FlatKey = Vec<(u64, (i32, i32), u32)>;

/// Makes a frame's overlay pictures one ([`OverlayLayer::flatten`]), keeping the last
/// made while they stay the same. Shared by the threads that plan frames.
#[derive(Debug)]
pub struct Flattener {
    output: (u32, u32),
    kept: Mutex<Option<(FlatKey, OverlayLayer)>>,
}

impl Flattener {
    /// A flattener for an `output`-sized export.
    pub fn new(output: (u32, u32)) -> Self {
        Flattener {
            output,
            kept: Mutex::new(None),
        }
    }

    /// `layers` (back to front) made one picture; the one layer itself when there is
    /// only one; `None` when there are none.
    pub fn flatten(&self, layers: &[OverlayLayer]) -> Option<OverlayLayer> {
        if layers.len() <= 1 {
            return layers.first().cloned();
        }
        let key: FlatKey = layers
            .iter()
            .map(|l| (l.picture.digest, l.origin, l.opacity.to_bits()))
            .collect();
        // A thread that panicked while flattening leaves nothing half-made behind.
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((last, layer)) = kept.as_ref()
            && *last == key
        {
            return Some(layer.clone());
        }
        let flat = OverlayLayer::flatten(layers, self.output)?;
        *kept = Some((key, flat.clone()));
        Some(flat)
    }
}
