//! The two small hashers of the hot loops' hash maps. The standard
//! library's SipHash resists crafted collisions, which these maps do not need
//! (a page that forces collisions only slows its own cleaning) and which
//! costs more than the rest of a look-up. (Block texts, longer, are hashed
//! by `foldhash`, 16 bytes a step: see `features::repetition_ids`; so are the
//! pattern tables' automaton states, see `mirror.rs`.)

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// `foldhash` with a fixed seed, so that runs are alike (no result depends
/// on a hash, only the time does), for the maps keyed by block texts and
/// by automaton states.
pub(crate) const FOLD: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(0x5eed);

/// A map hashed by [`FOLD`].
pub(crate) type FoldMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A fast non-cryptographic hasher (the FxHash scheme, eight bytes a step),
/// for the tag names of an HTML page (the nesting guard), which it takes a
/// byte at a time as it lowers them.
#[derive(Default)]
pub(crate) struct Fx(u64);

const SEED: u64 = 0x517c_c1b7_2722_0a95;

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buffer = [0u8; 8];
            buffer.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(buffer));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buffer = [0u8; 8];
            if let Some(head) = buffer.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(buffer));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
}

/// A hasher for keys that are hashes already (made by [`Fx`] or
/// `foldhash`): it passes them through.
#[derive(Default)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used with this hasher's keys; fold anything
        // else in so that it still hashes.
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }
}

/// A map whose keys are 64-bit hashes already.
pub(crate) type PreHashedMap<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;
