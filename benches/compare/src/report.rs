//! The report: a Markdown table, the raw runs as TSV, and an SVG chart.

use crate::variants::{Kind, Op};
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// One measured run (one process).
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The round it ran in (from 1): runs of one round follow each other within seconds.
    pub round: usize,
    /// Which client.
    pub kind: Kind,
    /// Which call.
    pub op: Op,
    /// Concurrent callers.
    pub callers: usize,
    /// Calls measured.
    pub calls: usize,
    /// Wall time of the measured calls.
    pub wall_s: f64,
    /// User + system CPU time of the measured calls.
    pub cpu_s: f64,
    /// Peak RSS of the process, KiB.
    pub maxrss_kb: i64,
    /// Median latency.
    pub p50_us: f64,
    /// 99th percentile latency.
    pub p99_us: f64,
    /// 1-minute load average when it ended.
    pub load: String,
}

impl RunResult {
    /// CPU milliseconds per 1,000 calls.
    pub fn cpu_ms_per_1000(&self) -> f64 {
        self.cpu_s * 1e6 / self.calls.max(1) as f64
    }

    /// Calls per second of wall time.
    pub fn calls_per_s(&self) -> f64 {
        self.calls as f64 / self.wall_s.max(1e-9)
    }

    /// Wall microseconds per call.
    pub fn us_per_call(&self) -> f64 {
        self.wall_s * 1e6 / self.calls.max(1) as f64
    }
}

/// Issue 6's in-process target: GetMembers per second on one core.
const IN_PROCESS_TARGET: f64 = 100_000.0;

/// A run met the machine at its full speed when the [probe](crate::probe),
/// before and after it, ran at least this share of the probe's best in the
/// report. The machine's two speeds put the probe near 1.0 and near 0.6 of
/// its best; 0.85 sits between them with room on both sides.
const FULL_SPEED: f64 = 0.85;

/// One in-process run (client stack + emulator front, no socket, one core).
#[derive(Debug, Clone)]
pub struct InProcessRun {
    /// Whether the emulator checked signatures (the default) or not.
    pub verify_signatures: bool,
    /// Calls measured.
    pub calls: usize,
    /// Wall time of the measured calls.
    pub wall_s: f64,
    /// User + system CPU time of the measured calls.
    pub cpu_s: f64,
    /// The machine-speed probe right before the measured calls (passes per CPU second).
    pub probe_before: f64,
    /// The same probe right after them.
    pub probe_after: f64,
}

impl InProcessRun {
    /// Calls per second of wall time (one thread).
    pub fn calls_per_s(&self) -> f64 {
        self.calls as f64 / self.wall_s.max(1e-9)
    }

    /// Calls per second of CPU time: what one core would do undisturbed.
    pub fn calls_per_cpu_s(&self) -> f64 {
        self.calls as f64 / self.cpu_s.max(1e-9)
    }

    /// CPU microseconds per call.
    pub fn cpu_us_per_call(&self) -> f64 {
        self.cpu_s * 1e6 / self.calls.max(1) as f64
    }

    /// How fast the machine ran during this run, as a share of its full
    /// speed (`best_probe`): the slower of the two probes around the run,
    /// since the machine's speed for the whole run is at most that.
    fn machine_speed(&self, best_probe: f64) -> f64 {
        self.probe_before.min(self.probe_after) / best_probe.max(1e-9)
    }
}

/// The cost of building one minimal program.
#[derive(Debug, Clone)]
pub struct BuildCost {
    /// The package.
    pub package: String,
    /// Wall seconds of the clean release build.
    pub wall_s: f64,
    /// CPU seconds (all compiler processes) of that build.
    pub cpu_s: f64,
    /// Size of the stripped binary.
    pub stripped_bytes: u64,
    /// Load average before -> after.
    pub load: String,
}

/// Everything measured.
#[derive(Debug, Default)]
pub struct Report {
    /// CPUs and load.
    pub machine: String,
    /// Counts and limits used.
    pub settings: String,
    /// Every run, in the order made.
    pub runs: Vec<RunResult>,
    /// Callgrind instructions per call, by (operation, variant, callers).
    pub instructions: BTreeMap<(&'static str, &'static str, usize), f64>,
    /// Build costs.
    pub builds: Vec<BuildCost>,
    /// In-process round trips, every round, with and without the signature check.
    pub in_process: Vec<InProcessRun>,
    /// Callgrind instructions per in-process GetMembers (signature check on).
    pub in_process_instructions: Option<f64>,
    /// CLI cold start, when measured.
    pub cold_start: Option<crate::cold_start::ColdStart>,
    /// Why the cold start was not measured.
    pub cold_start_note: Option<String>,
}

/// The median of the runs of one scenario and variant.
#[derive(Debug, Clone, Copy, Default)]
struct Summary {
    us_per_call: f64,
    calls_per_s: f64,
    p50_us: f64,
    p99_us: f64,
    cpu_ms: f64,
    cpu_ms_min: f64,
    cpu_ms_max: f64,
    rss_mib: f64,
    rounds: usize,
}

/// The smallest and largest value (0, 0 for none).
fn min_max(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        })
}

/// The median (0 for none).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

const SCENARIOS: [(Op, usize); 4] = [
    (Op::GetMembers, 1),
    (Op::GetMembers, 64),
    (Op::ListMembers, 1),
    (Op::ListMembers, 64),
];

impl Report {
    fn summary(&self, op: Op, callers: usize, kind: Kind) -> Summary {
        let runs: Vec<&RunResult> = self
            .runs
            .iter()
            .filter(|r| r.op == op && r.callers == callers && r.kind == kind)
            .collect();
        let of = |f: &dyn Fn(&RunResult) -> f64| median(runs.iter().map(|r| f(r)).collect());
        let cpu: Vec<f64> = runs.iter().map(|r| r.cpu_ms_per_1000()).collect();
        let (cpu_ms_min, cpu_ms_max) = min_max(&cpu);
        Summary {
            us_per_call: of(&RunResult::us_per_call),
            calls_per_s: of(&RunResult::calls_per_s),
            p50_us: of(&|r| r.p50_us),
            p99_us: of(&|r| r.p99_us),
            cpu_ms: median(cpu.clone()),
            cpu_ms_min,
            cpu_ms_max,
            rss_mib: runs
                .iter()
                .map(|r| r.maxrss_kb as f64 / 1024.0)
                .fold(0.0, f64::max),
            rounds: runs.len(),
        }
    }

    /// The fastest the probe ran around any in-process run: the machine's full speed.
    fn best_probe(&self) -> f64 {
        self.in_process
            .iter()
            .map(|r| r.probe_before.max(r.probe_after))
            .fold(0.0, f64::max)
    }

    /// The in-process runs with the signature check on or off; with
    /// `full_speed_only`, just those the probe says met the machine at full speed.
    fn in_process_runs(&self, verify: bool, full_speed_only: bool) -> Vec<&InProcessRun> {
        let best_probe = self.best_probe();
        self.in_process
            .iter()
            .filter(|r| r.verify_signatures == verify)
            .filter(|r| !full_speed_only || r.machine_speed(best_probe) >= FULL_SPEED)
            .collect()
    }

    /// `kind`'s CPU per call over `base`'s, run against run within each
    /// round, median over the rounds.
    ///
    /// Not the ratio of the medians: this machine's speed jumps between two
    /// levels for minutes at a time, so the median runs of two variants can
    /// come from different levels, while the runs of one round, seconds
    /// apart, nearly always share one. That is why the variants alternate.
    fn cpu_ratio(&self, op: Op, callers: usize, kind: Kind, base: Kind) -> f64 {
        let cpu_in = |round: usize, of: Kind| {
            self.runs
                .iter()
                .find(|r| r.round == round && r.op == op && r.callers == callers && r.kind == of)
                .map(RunResult::cpu_ms_per_1000)
        };
        let rounds: std::collections::BTreeSet<usize> = self.runs.iter().map(|r| r.round).collect();
        median(
            rounds
                .into_iter()
                .filter_map(|round| Some(cpu_in(round, kind)? / cpu_in(round, base)?.max(1e-9)))
                .collect(),
        )
    }

    fn instructions(&self, op: Op, kind: Kind, callers: usize) -> Option<f64> {
        self.instructions
            .get(&(op.name(), kind.name(), callers))
            .copied()
    }

    /// The Markdown report.
    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# detective-rs vs aws-sdk-detective vs the floor\n");
        let _ = writeln!(md, "Machine: {}.  ", self.machine);
        let _ = writeln!(md, "Settings: {}.  ", self.settings);
        let _ = writeln!(
            md,
            "Fixed-response loopback server (own process, one thread); GetMembers names {} account(s) and gets as many members back, ListMembers reads a full page of {} members. \
             1 caller: current-thread runtime, calls one after another; 64 callers: multi-thread runtime. \
             CPU = getrusage(RUSAGE_SELF) user+system of the client process over the measured calls (median of rounds, [min-max]); \
             instructions = callgrind (at 64 callers it runs the threads one at a time: the work, without the scheduling noise). CPU ratios are A/C (floor) and A/B (SDK) of the runs of one round, median over the rounds (the runs of a round are seconds apart, so they share the machine's speed, which jumps between levels for minutes); instruction ratios are A/C.\n",
            crate::fixtures::GET_MEMBERS,
            crate::fixtures::LIST_PAGE
        );
        let _ = writeln!(
            md,
            "| Operation | Callers | Client | µs/call or calls/s | p50 µs | p99 µs | CPU ms / 1,000 calls | × floor | × SDK | instructions / call | × floor | peak RSS MiB |"
        );
        let _ = writeln!(
            md,
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        );
        for (op, callers) in SCENARIOS {
            for kind in Kind::ALL {
                let s = self.summary(op, callers, kind);
                if s.rounds == 0 {
                    continue;
                }
                let speed = if callers == 1 {
                    format!("{:.1} µs", s.us_per_call)
                } else {
                    format!("{:.0} /s", s.calls_per_s)
                };
                let (instr, instr_ratio) = match self.instructions(op, kind, callers) {
                    Some(i) => (
                        format!("{:.0}", i),
                        self.instructions(op, Kind::Floor, callers)
                            .map_or("".into(), |f| format!("{:.2}", i / f)),
                    ),
                    None => ("".into(), "".into()),
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {:.0} | {:.0} | {:.1} [{:.1}-{:.1}] | {:.2} | {:.2} | {} | {} | {:.1} |",
                    op.name(),
                    callers,
                    kind.label(),
                    speed,
                    s.p50_us,
                    s.p99_us,
                    s.cpu_ms,
                    s.cpu_ms_min,
                    s.cpu_ms_max,
                    self.cpu_ratio(op, callers, kind, Kind::Floor),
                    self.cpu_ratio(op, callers, kind, Kind::Sdk),
                    instr,
                    instr_ratio,
                    s.rss_mib
                );
            }
        }
        if !self.in_process.is_empty() {
            let best_probe = self.best_probe();
            let _ = writeln!(md, "\n## In-process round trip: GetMembers through detective-client and the emulator, no socket\n");
            let _ = writeln!(md, "Client built as users build it, `.transport(emulator.transport())`, current-thread runtime; GetMembers of {} account(s), answered by the emulator's state machine. Median of the runs [min-max], signature check on and off alternating. Machine speed: the probe timed before and after each run (the slower of the two), as a share of its best in this report (best {best_probe:.0} passes per CPU second); a run is at full speed at {FULL_SPEED} or more.\n", crate::fixtures::GET_MEMBERS);
            let _ = writeln!(md, "| Emulator signature check | Runs | calls/s (wall, one thread) | calls/s per CPU second | CPU µs / call | machine speed | instructions / call |");
            let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
            let rows = [
                (true, false, "on (default)"),
                (true, true, "on, runs at full machine speed"),
                (false, false, "off"),
                (false, true, "off, runs at full machine speed"),
            ];
            for (verify, full_speed_only, label) in rows {
                let runs = self.in_process_runs(verify, full_speed_only);
                if runs.is_empty() {
                    // A median of nothing would print as 0 calls/s, which
                    // reads as a measurement.
                    let _ = writeln!(md, "| {label} | 0 | no run | no run | | | |");
                    continue;
                }
                let wall: Vec<f64> = runs.iter().map(|r| r.calls_per_s()).collect();
                let cpu: Vec<f64> = runs.iter().map(|r| r.calls_per_cpu_s()).collect();
                let us: Vec<f64> = runs.iter().map(|r| r.cpu_us_per_call()).collect();
                let speed: Vec<f64> = runs.iter().map(|r| r.machine_speed(best_probe)).collect();
                let (lo, hi) = min_max(&cpu);
                let instructions = match (verify, full_speed_only, self.in_process_instructions) {
                    (true, false, Some(i)) => format!("{i:.0}"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    md,
                    "| {label} | {} | {:.0} | {:.0} [{lo:.0}-{hi:.0}] | {:.1} | {:.2} | {instructions} |",
                    runs.len(),
                    median(wall),
                    median(cpu),
                    median(us),
                    median(speed),
                );
            }
        }
        if let Some(cold) = &self.cold_start {
            let _ = writeln!(
                md,
                "\n## CLI cold start: `list-graphs` against the same `detective serve`\n"
            );
            let _ = writeln!(md, "Each a fresh process, wall time spawn to exit, median of {} alternating runs after one unmeasured run of each.\n", cold.runs);
            let _ = writeln!(md, "| Command | wall ms |");
            let _ = writeln!(md, "|---|---:|");
            let _ = writeln!(md, "| `detective list-graphs` | {:.1} |", cold.ours_ms);
            let _ = writeln!(md, "| `aws detective list-graphs` | {:.1} |", cold.aws_ms);
        } else if let Some(note) = &self.cold_start_note {
            let _ = writeln!(md, "\n## CLI cold start\n\n{note}");
        }
        if !self.builds.is_empty() {
            let _ = writeln!(
                md,
                "\n## Build cost: minimal program calling one operation (TLS on)\n"
            );
            let _ = writeln!(md, "Clean `cargo build --release` in its own target directory (sources already downloaded).\n");
            let _ = writeln!(md, "| Program | clean release build (wall) | build CPU time | stripped size | load avg before -> after |");
            let _ = writeln!(md, "|---|---:|---:|---:|---|");
            for b in &self.builds {
                let _ = writeln!(
                    md,
                    "| {} | {:.0} s | {:.0} s | {:.2} MB | {} |",
                    b.package,
                    b.wall_s,
                    b.cpu_s,
                    b.stripped_bytes as f64 / 1e6,
                    b.load
                );
            }
        }
        let _ = writeln!(md, "\n## Targets\n");
        for line in self.targets() {
            let _ = writeln!(md, "- {line}");
        }
        md
    }

    /// One line per target of the issue: met or missed, with the numbers.
    fn targets(&self) -> Vec<String> {
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        let mut lines = Vec::new();
        for (op, callers) in SCENARIOS {
            let a = self.summary(op, callers, Kind::Ours);
            let b = self.summary(op, callers, Kind::Sdk);
            let c = self.summary(op, callers, Kind::Floor);
            if a.rounds == 0 || b.rounds == 0 || c.rounds == 0 {
                continue;
            }
            let vs_floor = self.cpu_ratio(op, callers, Kind::Ours, Kind::Floor);
            let vs_sdk = self.cpu_ratio(op, callers, Kind::Ours, Kind::Sdk);
            lines.push(format!(
                // Three decimals: a ratio of 0.301 must not print as a missed 0.30.
                "{} at {callers} caller(s): CPU ≤ 1.15× floor: {} ({vs_floor:.3}×); ≤ 0.3× SDK: {} ({vs_sdk:.3}×)",
                op.name(),
                verdict(vs_floor <= 1.15),
                verdict(vs_sdk <= 0.3)
            ));
            if callers == 64 {
                lines.push(format!(
                    "{} at 64 callers: p99 below the SDK's: {} ({:.0} µs vs {:.0} µs)",
                    op.name(),
                    verdict(a.p99_us < b.p99_us),
                    a.p99_us,
                    b.p99_us
                ));
            }
        }
        for (op, callers) in SCENARIOS {
            if let (Some(a), Some(b), Some(c)) = (
                self.instructions(op, Kind::Ours, callers),
                self.instructions(op, Kind::Sdk, callers),
                self.instructions(op, Kind::Floor, callers),
            ) {
                lines.push(format!(
                    "{} at {callers} caller(s), instructions per call (callgrind): {:.2}× floor ({}), {:.2}× SDK ({})",
                    op.name(),
                    a / c,
                    verdict(a / c <= 1.15),
                    a / b,
                    verdict(a / b <= 0.3)
                ));
            }
        }
        let on: Vec<f64> = self
            .in_process_runs(true, false)
            .iter()
            .map(|r| r.calls_per_cpu_s())
            .collect();
        if !on.is_empty() {
            // Two verdicts, because a CPU second is not a fixed amount of work
            // on this machine: the median of every run (the machine at
            // whatever speed it had), and the median of the runs the probe
            // says met it at full speed (what the code does on an undisturbed core).
            let runs = on.len();
            let reached = on.iter().filter(|rate| **rate >= IN_PROCESS_TARGET).count();
            let best = on.iter().copied().fold(0.0, f64::max);
            let rate = median(on);
            let full: Vec<f64> = self
                .in_process_runs(true, true)
                .iter()
                .map(|r| r.calls_per_cpu_s())
                .collect();
            let full_speed = match full.len() {
                0 => format!("not measured at full machine speed (no run that the probe put at ≥ {FULL_SPEED} of its best)"),
                full_runs => {
                    let full_rate = median(full);
                    format!(
                        "{} at full machine speed (median {full_rate:.0} over the {full_runs} run(s) the probe put at ≥ {FULL_SPEED} of its best)",
                        verdict(full_rate >= IN_PROCESS_TARGET)
                    )
                }
            };
            lines.push(format!(
                "in-process GetMembers ≥ 100,000/s on one core: {} over all runs (median {rate:.0} calls per CPU second, signature check on; {reached} of {runs} runs at or above, best {best:.0}); {full_speed}",
                verdict(rate >= IN_PROCESS_TARGET),
            ));
        }
        if let Some(cold) = &self.cold_start {
            let ratio = cold.ours_ms / cold.aws_ms.max(1e-9);
            lines.push(format!(
                "`detective list-graphs` ≤ 0.1× `aws detective list-graphs` cold: {} ({ratio:.3}×: {:.1} ms vs {:.1} ms)",
                verdict(ratio <= 0.1),
                cold.ours_ms,
                cold.aws_ms
            ));
        }
        let ours = self.builds.iter().find(|b| b.package == "min-ours");
        let sdk = self.builds.iter().find(|b| b.package == "min-sdk");
        if let (Some(o), Some(s)) = (ours, sdk) {
            lines.push(format!(
                "clean release build ≤ 0.5× SDK: {} ({:.2}× wall, {:.2}× CPU)",
                verdict(o.wall_s <= 0.5 * s.wall_s),
                o.wall_s / s.wall_s,
                o.cpu_s / s.cpu_s.max(1e-9)
            ));
            lines.push(format!(
                "stripped size ≤ 0.5× SDK: {} ({:.2}×)",
                verdict(o.stripped_bytes as f64 <= 0.5 * s.stripped_bytes as f64),
                o.stripped_bytes as f64 / s.stripped_bytes.max(1) as f64
            ));
        }
        lines
    }

    /// The raw runs, one per line.
    pub fn tsv(&self) -> String {
        let mut tsv = String::from(
            "variant\top\tcallers\tcalls\twall_s\tcpu_s\tcpu_ms_per_1000\tcalls_per_s\tp50_us\tp99_us\tmaxrss_kb\tload\n",
        );
        for r in &self.runs {
            let _ = writeln!(
                tsv,
                "{}\t{}\t{}\t{}\t{:.6}\t{:.6}\t{:.3}\t{:.1}\t{:.1}\t{:.1}\t{}\t{}",
                r.kind.name(),
                r.op.name(),
                r.callers,
                r.calls,
                r.wall_s,
                r.cpu_s,
                r.cpu_ms_per_1000(),
                r.calls_per_s(),
                r.p50_us,
                r.p99_us,
                r.maxrss_kb,
                r.load
            );
        }
        tsv
    }

    /// Writes `report.md`, `results.tsv` and `chart.svg` into `out`.
    pub fn write(&self, out: &Path) -> Result<(), String> {
        let md = self.markdown();
        std::fs::write(out.join("report.md"), &md).map_err(|e| format!("write report.md: {e}"))?;
        std::fs::write(out.join("results.tsv"), self.tsv())
            .map_err(|e| format!("write results.tsv: {e}"))?;
        self.chart(&out.join("chart.svg"))
            .map_err(|e| format!("write chart.svg: {e}"))?;
        println!("{md}");
        eprintln!("compare: report in {}", out.display());
        Ok(())
    }

    /// Two panels of grouped bars: CPU per 1,000 calls by scenario, and instructions per call.
    fn chart(&self, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
        let colors = [
            RGBColor(0x1f, 0x77, 0xb4),
            RGBColor(0xd6, 0x27, 0x28),
            RGBColor(0x7f, 0x7f, 0x7f),
        ];
        let root = SVGBackend::new(path, (1200, 520)).into_drawing_area();
        root.fill(&WHITE)?;
        let (left, right) = root.split_horizontally(760);

        let groups: Vec<(String, [f64; 3])> = SCENARIOS
            .iter()
            .map(|&(op, callers)| {
                let v = Kind::ALL.map(|k| self.summary(op, callers, k).cpu_ms);
                (format!("{} x{callers}", op.name()), v)
            })
            .collect();
        bars(
            &left,
            "CPU ms per 1,000 calls (getrusage)",
            &groups,
            &colors,
        )?;
        let instr: Vec<(String, [f64; 3])> = Op::ALL
            .iter()
            .filter(|&&op| self.instructions(op, Kind::Ours, 1).is_some())
            .map(|&op| {
                let v = Kind::ALL.map(|k| self.instructions(op, k, 1).unwrap_or(0.0) / 1000.0);
                (op.name().to_owned(), v)
            })
            .collect();
        if !instr.is_empty() {
            bars(
                &right,
                "thousand instructions per call (callgrind, 1 caller)",
                &instr,
                &colors,
            )?;
        }
        root.present()?;
        Ok(())
    }
}

/// One panel of grouped bars, one group per label, one bar per variant.
fn bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    groups: &[(String, [f64; 3])],
    colors: &[RGBColor; 3],
) -> Result<(), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let top = groups
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0, f64::max)
        .max(1e-9)
        // Room above the tallest bar for its label and the legend.
        * 1.45;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..groups.len() as f64, 0.0..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("")
        .draw()?;
    // backend_coord is absolute; the texts are drawn relative to this panel.
    let base = area.get_base_pixel();
    for (v, kind) in Kind::ALL.iter().enumerate() {
        let color = colors[v];
        chart
            .draw_series(groups.iter().enumerate().map(|(g, (_, values))| {
                let x0 = g as f64 + 0.12 + v as f64 * 0.26;
                Rectangle::new([(x0, 0.0), (x0 + 0.24, values[v])], color.filled())
            }))?
            .label(kind.label())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
        for (g, (_, values)) in groups.iter().enumerate() {
            let x = g as f64 + 0.12 + v as f64 * 0.26;
            let (px, py) = chart.backend_coord(&(x, values[v]));
            let (px, py) = (px - base.0, py - base.1);
            area.draw(&Text::new(
                format_value(values[v]),
                (px, py - 14),
                ("sans-serif", 12),
            ))?;
        }
    }
    for (g, (label, _)) in groups.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(g as f64 + 0.2, 0.0));
        let (px, py) = (px - base.0, py - base.1);
        area.draw(&Text::new(label.clone(), (px, py + 8), ("sans-serif", 14)))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    Ok(())
}

fn format_value(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(round: usize, kind: Kind, cpu_ms_per_1000: f64) -> RunResult {
        RunResult {
            round,
            kind,
            op: Op::GetMembers,
            callers: 1,
            calls: 1000,
            wall_s: 1.0,
            cpu_s: cpu_ms_per_1000 / 1000.0,
            maxrss_kb: 0,
            p50_us: 0.0,
            p99_us: 0.0,
            load: String::new(),
        }
    }

    #[test]
    fn cpu_ratios_pair_the_runs_of_each_round() {
        // Round 1 ran on a fast machine, rounds 2 and 3 on a slow one.
        let report = Report {
            runs: vec![
                run(1, Kind::Ours, 10.0),
                run(1, Kind::Floor, 20.0),
                run(2, Kind::Ours, 30.0),
                run(2, Kind::Floor, 40.0),
                run(3, Kind::Ours, 12.0),
                run(3, Kind::Floor, 16.0),
            ],
            ..Report::default()
        };
        // Per round 0.5, 0.75, 0.75: the median is 0.75, where the ratio of
        // the medians (12 / 20) would mix a slow-phase run with a fast one.
        let ratio = report.cpu_ratio(Op::GetMembers, 1, Kind::Ours, Kind::Floor);
        assert!((ratio - 0.75).abs() < 1e-9, "{ratio}");
        // A variant with no run in a round leaves that round out.
        assert_eq!(
            report.cpu_ratio(Op::GetMembers, 1, Kind::Sdk, Kind::Floor),
            0.0
        );
    }

    #[test]
    fn the_in_process_target_line_gives_the_median_and_the_runs_that_reached_it() {
        let in_process = |verify_signatures: bool, cpu_s: f64| InProcessRun {
            verify_signatures,
            calls: 20_000,
            wall_s: cpu_s,
            cpu_s,
            probe_before: 1000.0,
            probe_after: 1000.0,
        };
        let report = Report {
            in_process: vec![
                in_process(true, 0.19),  // 105,263 / s
                in_process(true, 0.33),  // 60,606 / s
                in_process(true, 0.32),  // 62,500 / s
                in_process(false, 0.10), // 200,000 / s, check off: not counted
            ],
            ..Report::default()
        };
        let line = in_process_line(&report);
        assert!(line.contains("MISSED over all runs"), "{line}");
        assert!(line.contains("median 62500 calls"), "{line}");
        assert!(
            line.contains("1 of 3 runs at or above, best 105263"),
            "{line}"
        );
    }

    #[test]
    fn runs_the_probe_puts_below_full_speed_are_left_out_of_the_full_speed_verdict() {
        let in_process = |cpu_s: f64, probe_before: f64, probe_after: f64| InProcessRun {
            verify_signatures: true,
            calls: 20_000,
            wall_s: cpu_s,
            cpu_s,
            probe_before,
            probe_after,
        };
        let report = Report {
            in_process: vec![
                in_process(0.18, 4000.0, 3900.0), // 111,111 / s, full speed
                in_process(0.19, 3800.0, 4000.0), // 105,263 / s, full speed
                in_process(0.30, 2400.0, 2500.0), // 66,667 / s, slow
                in_process(0.31, 4000.0, 2400.0), // 64,516 / s, slowed down after
                in_process(0.32, 2500.0, 2400.0), // 62,500 / s, slow
            ],
            ..Report::default()
        };
        let line = in_process_line(&report);
        assert!(
            line.contains("MISSED over all runs (median 66667"),
            "{line}"
        );
        assert!(
            line.contains("met at full machine speed (median 108187 over the 2 run(s)"),
            "{line}"
        );
        let markdown = report.markdown();
        assert!(
            markdown.contains("| on, runs at full machine speed | 2 |"),
            "{markdown}"
        );
    }

    #[test]
    fn with_no_run_at_full_speed_the_report_says_so_instead_of_printing_zeros() {
        let slow = |verify_signatures: bool, probe: f64| InProcessRun {
            verify_signatures,
            calls: 20_000,
            wall_s: 0.3,
            cpu_s: 0.3,
            probe_before: probe,
            probe_after: probe,
        };
        // The best probe (4000) is a check-on run; every check-off run is slow.
        let report = Report {
            in_process: vec![slow(true, 4000.0), slow(false, 2400.0), slow(false, 2500.0)],
            ..Report::default()
        };
        let markdown = report.markdown();
        assert!(
            markdown.contains("| off, runs at full machine speed | 0 | no run | no run |"),
            "{markdown}"
        );
        assert!(!markdown.contains("| 0 [0-0] |"), "{markdown}");
        // The best probe comes from a check-off run, so no check-on run is
        // at full speed.
        let none_fast = Report {
            in_process: vec![slow(true, 2400.0), slow(false, 4000.0)],
            ..Report::default()
        };
        let line = in_process_line(&none_fast);
        assert!(
            line.contains("not measured at full machine speed (no run"),
            "{line}"
        );
        assert!(!line.contains("MISSED at full"), "{line}");
    }

    fn in_process_line(report: &Report) -> String {
        report
            .targets()
            .into_iter()
            .find(|line| line.starts_with("in-process"))
            .unwrap_or_default()
    }
}
