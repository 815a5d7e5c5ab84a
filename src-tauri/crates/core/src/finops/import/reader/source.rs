//! The bytes of an input file as stored: read (plain or through gzip) and hashed with SHA-256
//! on the way, so the hash covers exactly what was imported.

use std::fs::File;
use std::io::{self, Read};

use flate2::read::MultiGzDecoder;
use sha2::{Digest, Sha256};

/// Bytes of the file as stored, hashed and counted as they are read.
pub(super) struct Hashed {
    pub(super) file: File,
    pub(super) hasher: Sha256,
    pub(super) bytes: u64,
}

impl Read for Hashed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The file's bytes, decompressed when they start with the gzip magic number.
pub(super) enum Source {
    Plain(Hashed),
    Gzip(Box<MultiGzDecoder<Hashed>>),
}

impl Source {
    pub(super) fn hashed(&self) -> &Hashed {
        match self {
            Source::Plain(h) => h,
            Source::Gzip(gz) => gz.get_ref(),
        }
    }

    pub(super) fn into_hashed(self) -> Hashed {
        match self {
            Source::Plain(h) => h,
            Source::Gzip(gz) => gz.into_inner(),
        }
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(h) => h.read(buf),
            Source::Gzip(gz) => gz.read(buf),
        }
    }
}

/// Reads as many of `buf.len()` first bytes as the file has.
pub(super) fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut read = 0;
    while read < buf.len() {
        match file.read(&mut buf[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
