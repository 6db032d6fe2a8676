//! A recorder's edit — spans of the recording cut out and spans played faster or slower,
//! in source seconds — as the pieces Reel's timeline plays, and the output time of any
//! source time.

/// A span of the recording, in source seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    /// Where it starts.
    pub start: f64,
    /// Where it ends (after `start`).
    pub end: f64,
}

/// A piece of the recording played at a speed: one clip of Reel's timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece {
    /// The source span it plays.
    pub span: Span,
    /// Source seconds per output second.
    pub speed: f64,
}

/// The pieces a recording of `duration` seconds plays when `cuts` are removed and each
/// of `speeds` plays at its speed (overlapping speed spans: the later one wins), in
/// source order. Pieces shorter than a millisecond are dropped.
pub fn pieces(duration: f64, cuts: &[Span], speeds: &[(Span, f64)]) -> Vec<Piece> {
    let mut edges = vec![0.0, duration];
    for span in cuts.iter().chain(speeds.iter().map(|(span, _)| span)) {
        edges.extend([span.start, span.end]);
    }
    edges.retain(|t| (0.0..=duration).contains(t));
    edges.sort_by(f64::total_cmp);
    edges.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    let mut out: Vec<Piece> = Vec::new();
    for pair in edges.windows(2) {
        let span = Span {
            start: pair[0],
            end: pair[1],
        };
        let middle = (span.start + span.end) / 2.0;
        let inside = |s: &Span| s.start <= middle && middle < s.end;
        if span.end - span.start < 1e-3 || cuts.iter().any(inside) {
            continue;
        }
        let speed = speeds
            .iter()
            .rev()
            .find(|(s, _)| inside(s))
            .map_or(1.0, |(_, speed)| *speed);
        match out.last_mut() {
            // Neighbours at the same speed play as one clip.
            Some(last) if last.speed == speed && (last.span.end - span.start).abs() < 1e-9 => {
                last.span.end = span.end;
            }
            _ => out.push(Piece { span, speed }),
        }
    }
    out
}

/// The output second at which source second `t` is shown; a time inside a cut maps to
/// where the cut is (the next piece's start).
pub fn output_time(pieces: &[Piece], t: f64) -> f64 {
    let mut elapsed = 0.0;
    for piece in pieces {
        if t < piece.span.start {
            return elapsed;
        }
        if t < piece.span.end {
            return elapsed + (t - piece.span.start) / piece.speed;
        }
        elapsed += (piece.span.end - piece.span.start) / piece.speed;
    }
    elapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: f64, end: f64) -> Span {
        Span { start, end }
    }

    #[test]
    fn cuts_and_speeds_make_pieces_in_source_order() {
        let made = pieces(10.0, &[span(2.0, 3.0)], &[(span(5.0, 7.0), 2.0)]);
        assert_eq!(
            made,
            [
                Piece {
                    span: span(0.0, 2.0),
                    speed: 1.0
                },
                Piece {
                    span: span(3.0, 5.0),
                    speed: 1.0
                },
                Piece {
                    span: span(5.0, 7.0),
                    speed: 2.0
                },
                Piece {
                    span: span(7.0, 10.0),
                    speed: 1.0
                },
            ]
        );
        // Nothing cut or sped: one piece, the whole recording.
        assert_eq!(
            pieces(4.0, &[], &[]),
            [Piece {
                span: span(0.0, 4.0),
                speed: 1.0
            }]
        );
        // A cut past the end is cut to the end; a cut of everything leaves nothing.
        assert_eq!(pieces(4.0, &[span(3.0, 9.0)], &[]).len(), 1);
        assert!(pieces(4.0, &[span(0.0, 4.0)], &[]).is_empty());
    }

    #[test]
    fn output_times_skip_cuts_and_follow_speeds() {
        let made = pieces(10.0, &[span(2.0, 3.0)], &[(span(5.0, 7.0), 2.0)]);
        assert_eq!(output_time(&made, 1.0), 1.0);
        assert_eq!(output_time(&made, 2.5), 2.0, "inside the cut: where it was");
        assert_eq!(output_time(&made, 4.0), 3.0);
        assert_eq!(output_time(&made, 6.0), 4.5);
        assert_eq!(output_time(&made, 8.0), 6.0);
        assert_eq!(output_time(&made, 99.0), 8.0);
    }
}
