//! The app icons of every platform, generated from the one source image `icons/source.png`:
//! the PNG sizes (Linux menus and Tauri), `icon.ico` (Windows) and `icon.icns` (macOS).
//! The test checks that the committed files are what the generator makes; after changing the
//! source, `make icons` (`QUARTERMASTER_WRITE_ICONS=1`) writes them again.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{ImageFormat, RgbaImage};

/// Set to write the generated icons instead of checking them.
const WRITE_ENV: &str = "QUARTERMASTER_WRITE_ICONS";

/// PNG files by size: Tauri's names, and the hicolor sizes a Linux menu picks from.
const PNGS: &[(&str, u32)] = &[
    ("32x32.png", 32),
    ("48x48.png", 48),
    ("64x64.png", 64),
    ("128x128.png", 128),
    ("128x128@2x.png", 256),
    ("icon.png", 512),
];

/// Sizes inside `icon.ico`; Windows picks the nearest for the taskbar, title bar and Explorer.
const ICO_SIZES: &[u32] = &[16, 24, 32, 48, 64, 128, 256];

/// `icon.icns` entries: the OSType of each PNG-carrying element and its size in pixels.
const ICNS_ENTRIES: &[(&[u8; 4], u32)] = &[
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
];

fn icons_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("icons")
}

/// The source scaled to `size` × `size`, as PNG bytes.
fn png(source: &RgbaImage, size: u32) -> Vec<u8> {
    let scaled = if source.width() == size && source.height() == size {
        source.clone()
    } else {
        image::imageops::resize(source, size, size, FilterType::Lanczos3)
    };
    let mut bytes = Cursor::new(Vec::new());
    scaled
        .write_to(&mut bytes, ImageFormat::Png)
        .expect("PNG encoding in memory");
    bytes.into_inner()
}

/// A Windows icon: an ICONDIR, one 16-byte entry per size, then each image as PNG.
fn ico(source: &RgbaImage) -> Vec<u8> {
    let images: Vec<(u32, Vec<u8>)> = ICO_SIZES.iter().map(|&s| (s, png(source, s))).collect();
    let count = u16::try_from(images.len()).expect("a few sizes");
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_le_bytes()); // reserved
    out.extend_from_slice(&1u16.to_le_bytes()); // 1 = icon
    out.extend_from_slice(&count.to_le_bytes());
    let mut offset = 6 + 16 * images.len();
    for (size, data) in &images {
        // A width or height of 256 is written as 0.
        let side = u8::try_from(*size % 256).expect("under 256");
        out.extend_from_slice(&[side, side, 0, 0]);
        out.extend_from_slice(&1u16.to_le_bytes()); // colour planes
        out.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
        out.extend_from_slice(&u32::try_from(data.len()).expect("small").to_le_bytes());
        out.extend_from_slice(&u32::try_from(offset).expect("small").to_le_bytes());
        offset += data.len();
    }
    for (_, data) in images {
        out.extend_from_slice(&data);
    }
    out
}

/// A macOS icon family: `icns` and the file length, then typed, length-prefixed PNG elements
/// (lengths big-endian and including their 8-byte header).
fn icns(source: &RgbaImage) -> Vec<u8> {
    let mut body = Vec::new();
    for (kind, size) in ICNS_ENTRIES {
        let data = png(source, *size);
        body.extend_from_slice(*kind);
        body.extend_from_slice(&u32::try_from(data.len() + 8).expect("small").to_be_bytes());
        body.extend_from_slice(&data);
    }
    let mut out = b"icns".to_vec();
    out.extend_from_slice(&u32::try_from(body.len() + 8).expect("small").to_be_bytes());
    out.extend_from_slice(&body);
    out
}

/// Every generated file: its name under `icons/` and its bytes.
fn generate() -> Vec<(String, Vec<u8>)> {
    let source = image::open(icons_dir().join("source.png"))
        .expect("icons/source.png")
        .to_rgba8();
    assert_eq!(
        (source.width(), source.height()),
        (512, 512),
        "the source icon is 512 × 512"
    );
    let mut files: Vec<(String, Vec<u8>)> = PNGS
        .iter()
        .map(|&(name, size)| (name.to_string(), png(&source, size)))
        .collect();
    files.push(("icon.ico".into(), ico(&source)));
    files.push(("icon.icns".into(), icns(&source)));
    files
}

#[test]
fn committed_icons_are_generated_from_the_source() {
    let write = std::env::var_os(WRITE_ENV).is_some();
    for (name, bytes) in generate() {
        let path = icons_dir().join(&name);
        if write {
            fs::write(&path, &bytes).expect("write icon");
            continue;
        }
        let committed = fs::read(&path).unwrap_or_default();
        assert!(
            committed == bytes,
            "icons/{name} is not what icons/source.png gives: run `make icons`"
        );
    }
}

#[test]
fn windows_and_macos_icons_hold_every_size() {
    let ico = fs::read(icons_dir().join("icon.ico")).expect("icons/icon.ico");
    assert_eq!(&ico[..4], &[0, 0, 1, 0]);
    assert_eq!(
        usize::from(u16::from_le_bytes([ico[4], ico[5]])),
        ICO_SIZES.len()
    );
    for (index, size) in ICO_SIZES.iter().enumerate() {
        let entry = &ico[6 + 16 * index..6 + 16 * (index + 1)];
        let len = u32::from_le_bytes(entry[8..12].try_into().unwrap()) as usize;
        let at = u32::from_le_bytes(entry[12..16].try_into().unwrap()) as usize;
        let image = image::load_from_memory(&ico[at..at + len]).unwrap();
        assert_eq!((image.width(), image.height()), (*size, *size));
    }

    let icns = fs::read(icons_dir().join("icon.icns")).expect("icons/icon.icns");
    assert_eq!(&icns[..4], b"icns");
    assert_eq!(
        u32::from_be_bytes(icns[4..8].try_into().unwrap()) as usize,
        icns.len()
    );
    let mut at = 8;
    let mut seen = Vec::new();
    while at < icns.len() {
        let len = u32::from_be_bytes(icns[at + 4..at + 8].try_into().unwrap()) as usize;
        let image = image::load_from_memory(&icns[at + 8..at + len]).unwrap();
        seen.push((icns[at..at + 4].to_vec(), image.width()));
        at += len;
    }
    let expected: Vec<(Vec<u8>, u32)> =
        ICNS_ENTRIES.iter().map(|(k, s)| (k.to_vec(), *s)).collect();
    assert_eq!(seen, expected);
}
