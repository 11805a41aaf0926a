//! Fonts for text the PDF's built-in fonts cannot show (a name in Vietnamese, Arabic, Chinese,
//! Bengali, ...): found on this machine, never built into the binary, and shaped so that
//! joined and combined letters come out as a reader writes them.
//!
//! A font is looked for in the given folders first, then through fontconfig: a Latin font
//! (DejaVu Sans, Noto Sans, Liberation Sans) when it has every character, so the slip looks
//! the same throughout, otherwise any font that has them all (`fc-list :charset=...`). Every
//! candidate is opened and its character map checked here, so a font fontconfig offers as the
//! "closest match" without the characters is never used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rustybuzz::ttf_parser;
use unicode_bidi::BidiInfo;

/// Latin families tried first, in this order, for a consistent look.
const LATIN_FAMILIES: [&str; 3] = ["DejaVu Sans", "Noto Sans", "Liberation Sans"];

/// Where fonts are looked for.
#[derive(Debug, Clone, Default)]
pub(crate) struct FontSearch {
    /// Folders of `.ttf`/`.otf`/`.ttc` files tried before the system's fonts.
    pub dirs: Vec<PathBuf>,
    /// A fontconfig configuration to use instead of the system's (`FONTCONFIG_FILE`); tests
    /// point it at one with no fonts.
    pub fontconfig_file: Option<PathBuf>,
}

/// One face of a font file, read into memory.
pub(crate) struct Font {
    pub path: PathBuf,
    pub index: u32,
    pub data: Vec<u8>,
}

impl Font {
    /// The parsed face; checked once when the font was loaded.
    pub fn face(&self) -> Option<rustybuzz::Face<'_>> {
        rustybuzz::Face::from_slice(&self.data, self.index)
    }

    /// Whether the face has a glyph for every character of `text` that needs one.
    fn covers(&self, text: &str) -> bool {
        self.face()
            .is_some_and(|face| needs_glyph(text).all(|c| face.glyph_index(c).is_some()))
    }
}

/// Characters of `text` that must have a glyph (spaces and invisible joiners need none).
fn needs_glyph(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|&c| {
        !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
    })
}

/// The fonts found while drawing one slip, each file read once.
pub(crate) struct Fonts {
    search: FontSearch,
    loaded: Vec<Font>,
    /// (path, index) → position in `loaded`, or `None` when it could not be read.
    seen: HashMap<(PathBuf, u32), Option<usize>>,
}

impl Fonts {
    pub fn new(search: FontSearch) -> Self {
        Self {
            search,
            loaded: Vec::new(),
            seen: HashMap::new(),
        }
    }

    pub fn get(&self, id: usize) -> &Font {
        &self.loaded[id]
    }

    /// All the fonts that were used or tried, in the order they were loaded.
    #[cfg(test)]
    pub fn loaded(&self) -> &[Font] {
        &self.loaded
    }

    /// A font that has every character of `text` (bold if one is found), or `None`.
    pub fn covering(&mut self, text: &str, bold: bool) -> Option<usize> {
        for (path, index) in self.candidates(text, bold) {
            if let Some(id) = self.load(&path, index)
                && self.loaded[id].covers(text)
            {
                return Some(id);
            }
        }
        None
    }

    fn load(&mut self, path: &Path, index: u32) -> Option<usize> {
        let key = (path.to_path_buf(), index);
        if let Some(&id) = self.seen.get(&key) {
            return id;
        }
        let id = std::fs::read(path).ok().and_then(|data| {
            let font = Font {
                path: path.to_path_buf(),
                index,
                data,
            };
            font.face()?;
            self.loaded.push(font);
            Some(self.loaded.len() - 1)
        });
        self.seen.insert(key, id);
        id
    }

    /// Font files worth opening for `text`, best first.
    fn candidates(&self, text: &str, bold: bool) -> Vec<(PathBuf, u32)> {
        let mut out = Vec::new();
        for dir in &self.search.dirs {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| {
                    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                        matches!(
                            e.to_ascii_lowercase().as_str(),
                            "ttf" | "otf" | "ttc" | "otc"
                        )
                    })
                })
                .collect();
            files.sort();
            for file in files {
                let faces = std::fs::read(&file)
                    .ok()
                    .and_then(|data| ttf_parser::fonts_in_collection(&data))
                    .unwrap_or(1);
                out.extend((0..faces).map(|i| (file.clone(), i)));
            }
        }
        let weight = if bold { ":bold" } else { "" };
        for family in LATIN_FAMILIES {
            // fc-match always answers with its closest font: the coverage check decides.
            out.extend(self.fontconfig("fc-match", &format!("{family}{weight}")));
        }
        let charset: Vec<String> = needs_glyph(text)
            .map(|c| format!("{:x}", c as u32))
            .collect();
        let mut listed = self.fontconfig("fc-list", &format!(":charset={}", charset.join(" ")));
        // Sans before serif, the wanted weight before others, then by file for a steady choice.
        listed.sort_by_key(|(path, index)| {
            let name = path.to_string_lossy().to_ascii_lowercase();
            let weight_rank = match (bold, name.contains("bold")) {
                (true, true) | (false, false) => 0,
                _ => 1,
            };
            (name.contains("serif"), weight_rank, path.clone(), *index)
        });
        out.extend(listed);
        out
    }

    /// `(file, index)` pairs fontconfig's `tool` prints for `pattern`; none when fontconfig is
    /// not installed or knows no font.
    fn fontconfig(&self, tool: &str, pattern: &str) -> Vec<(PathBuf, u32)> {
        let mut command = Command::new(tool);
        command.args(["--format", "%{file}\t%{index}\n", pattern]);
        if let Some(file) = &self.search.fontconfig_file {
            command.env("FONTCONFIG_FILE", file);
        }
        let Ok(out) = command.output() else {
            return Vec::new();
        };
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| {
                let (file, index) = line.split_once('\t')?;
                Some((PathBuf::from(file), index.trim().parse().ok()?))
            })
            .filter(|(file, _)| !file.as_os_str().is_empty())
            .collect()
    }
}

/// One glyph of a shaped line, in visual order, positioned in font units.
pub(crate) struct Glyph {
    pub id: u16,
    /// Pen position of this glyph from the line's start, plus the glyph's own offset.
    pub x: i32,
    pub y: i32,
    /// The characters this glyph stands for (empty for the second and later glyphs of a
    /// cluster), for copying text out of the PDF.
    pub text: String,
}

/// A line shaped in a font: glyphs in the order they are drawn, left to right, and the
/// line's advance, in font units.
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub width: i32,
}

/// Shapes `line` in `face`: right-to-left runs (Arabic, Hebrew) in visual order by the Unicode
/// bidirectional algorithm, letters joined and combined by the font's own rules.
pub(crate) fn shape(face: &rustybuzz::Face<'_>, line: &str) -> Shaped {
    let mut glyphs = Vec::new();
    let mut pen = 0;
    let bidi = BidiInfo::new(line, None);
    for paragraph in &bidi.paragraphs {
        let (levels, runs) = bidi.visual_runs(paragraph, paragraph.range.clone());
        for run in runs {
            let text = &line[run.clone()];
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(text);
            buffer.set_direction(if levels[run.start].is_rtl() {
                rustybuzz::Direction::RightToLeft
            } else {
                rustybuzz::Direction::LeftToRight
            });
            buffer.guess_segment_properties();
            let shaped = rustybuzz::shape(face, &[], buffer);
            // Where each cluster's text ends: the next larger cluster start, or the run's end.
            let mut starts: Vec<usize> = shaped
                .glyph_infos()
                .iter()
                .map(|info| info.cluster as usize)
                .collect();
            starts.sort_unstable();
            starts.dedup();
            let mut named = std::collections::HashSet::new();
            for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                let start = info.cluster as usize;
                let end = starts
                    .iter()
                    .find(|&&s| s > start)
                    .copied()
                    .unwrap_or(text.len());
                let cluster_text = if named.insert(start) {
                    text.get(start..end).unwrap_or_default().to_string()
                } else {
                    String::new()
                };
                glyphs.push(Glyph {
                    id: u16::try_from(info.glyph_id).unwrap_or(0),
                    x: pen + pos.x_offset,
                    y: pos.y_offset,
                    text: cluster_text,
                });
                pen += pos.x_advance;
            }
        }
    }
    Shaped { glyphs, width: pen }
}

/// The Debian package that brings fonts for `chars`, for the message when none is installed.
pub(crate) fn package_for(chars: &str) -> &'static str {
    let cjk = chars.chars().any(|c| {
        matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
    });
    if cjk {
        "fonts-noto-cjk"
    } else {
        "fonts-noto-core"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_to_install_follows_the_script() {
        assert_eq!(package_for("王芳"), "fonts-noto-cjk");
        assert_eq!(package_for("김"), "fonts-noto-cjk");
        assert_eq!(package_for("সুমাইয়া"), "fonts-noto-core");
        assert_eq!(package_for("محمد"), "fonts-noto-core");
    }

    #[test]
    fn with_no_fonts_anywhere_nothing_covers_anything() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("fonts.conf");
        std::fs::write(&config, "<fontconfig></fontconfig>").expect("config");
        let mut fonts = Fonts::new(FontSearch {
            dirs: vec![dir.path().to_path_buf()],
            fontconfig_file: Some(config),
        });
        assert!(fonts.covering("Nguyễn", false).is_none());
        assert!(fonts.loaded().is_empty());
    }
}
