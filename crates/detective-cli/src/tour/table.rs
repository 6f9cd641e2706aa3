//! The small member table the tour prints after each change.

use detective_types::MemberDetail;
use std::fmt::Write;

/// Renders members as an aligned table (account, status, invitation type, last update).
pub fn members_table(members: &[MemberDetail]) -> String {
    if members.is_empty() {
        return "    (no members)\n".to_owned();
    }
    let rows: Vec<[String; 4]> = members
        .iter()
        .map(|m| {
            [
                m.account_id.clone().unwrap_or_default(),
                m.status.as_ref().map(|s| s.to_string()).unwrap_or_default(),
                m.invitation_type
                    .as_ref()
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                m.updated_time.map(|t| t.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let headers = ["ACCOUNT", "STATUS", "TYPE", "UPDATED"];
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        let mut text = String::from("    ");
        for (cell, width) in cells.iter().zip(widths) {
            let _ = write!(text, "{cell:<width$}  ");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(headers);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use detective_types::MemberStatus;

    #[test]
    fn aligns_columns_and_shows_status() {
        let member = MemberDetail {
            account_id: Some("222222222222".into()),
            status: Some(MemberStatus::Enabled),
            ..Default::default()
        };
        let table = members_table(&[member]);
        assert!(table.contains("ACCOUNT       STATUS"), "{table}");
        assert!(table.contains("222222222222  ENABLED"), "{table}");
        assert_eq!(members_table(&[]), "    (no members)\n");
    }
}
