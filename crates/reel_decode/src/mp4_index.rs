//! Telling an MP4 cut short before its index from a file that is not video at all, so that
//! an unfinished recording gets an error that says so.
//!
//! An MP4 (or MOV) is a chain of boxes, each starting with its size and a four-letter
//! type. A recorder writes the pictures (`mdat`) first and the index (`moov`) last, when
//! it stops; a file copied or recorded only partly then ends inside `mdat`, and FFmpeg
//! can read nothing of it. Walking the top-level boxes finds that case cheaply.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Top-level box types that a QuickTime-family file starts with.
const LEADING_TYPES: [&[u8; 4]; 6] = [b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide"];

/// The most top-level boxes walked; real files have a handful.
const MAX_BOXES: usize = 4096;

/// Whether `path` is an MP4 or MOV file whose box chain runs past the end of the file
/// without an index (`moov`) box: a file cut short before its index was written.
pub(crate) fn ends_before_index(path: &Path) -> bool {
    walk(path).unwrap_or(false)
}

fn walk(path: &Path) -> std::io::Result<bool> {
    let mut file = File::open(path)?;
    let length = file.metadata()?.len();
    let mut offset = 0u64;
    for n in 0..MAX_BOXES {
        if offset + 8 > length {
            // The chain ends cleanly, or mid-header: cut short if anything is left over.
            return Ok(n > 0 && offset < length);
        }
        file.seek(SeekFrom::Start(offset))?;
        let mut header = [0u8; 16];
        let read = file.read(&mut header)?;
        let kind: &[u8; 4] = header[4..8].try_into().expect("4 bytes");
        if n == 0 && !LEADING_TYPES.contains(&kind) {
            return Ok(false);
        }
        if kind == b"moov" {
            return Ok(false);
        }
        let size = match u32::from_be_bytes(header[0..4].try_into().expect("4 bytes")) {
            // The box runs to the end of the file: the last one, and no index came before.
            0 => return Ok(true),
            1 if read >= 16 => u64::from_be_bytes(header[8..16].try_into().expect("8 bytes")),
            1 => return Ok(true),
            size => u64::from(size),
        };
        if size < 8 {
            return Ok(false);
        }
        offset = offset.saturating_add(size);
        if offset > length {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(kind: &[u8; 4], payload: usize) -> Vec<u8> {
        let mut data = ((payload + 8) as u32).to_be_bytes().to_vec();
        data.extend_from_slice(kind);
        data.resize(payload + 8, 0);
        data
    }

    fn check(name: &str, data: &[u8]) -> bool {
        let path =
            std::env::temp_dir().join(format!("reel-mp4-index-{}-{name}.mp4", std::process::id()));
        std::fs::write(&path, data).unwrap();
        let result = ends_before_index(&path);
        let _ = std::fs::remove_file(&path);
        result
    }

    #[test]
    fn finds_a_file_cut_inside_its_pictures() {
        let mut data = boxed(b"ftyp", 16);
        data.extend(boxed(b"mdat", 1000));
        data.extend(boxed(b"moov", 100));
        assert!(!check("whole", &data));
        assert!(check("cut", &data[..500]));
        let mut fast = boxed(b"ftyp", 16);
        fast.extend(boxed(b"moov", 100));
        fast.extend(boxed(b"mdat", 1000));
        assert!(!check("faststart", &fast[..500]));
    }

    #[test]
    fn leaves_other_files_alone() {
        assert!(!check("text", b"this is not a video at all\n"));
        assert!(!check("empty", b""));
    }
}
