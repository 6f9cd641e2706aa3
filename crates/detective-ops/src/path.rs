//! URI templates such as `/tags/{ResourceArn}`.

/// True when `path` fits `template`: literal segments equal, `{Label}` segments non-empty.
pub(crate) fn matches_template(template: &str, path: &str) -> bool {
    let mut want = template.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') => {
                if g.is_empty() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::matches_template;

    #[test]
    fn literal_and_labelled_segments() {
        assert!(matches_template("/graph/members", "/graph/members"));
        assert!(!matches_template("/graph/members", "/graph/members/get"));
        assert!(!matches_template("/graph", "/graph/"));
        assert!(matches_template("/tags/{ResourceArn}", "/tags/arn%3Aaws"));
        assert!(!matches_template("/tags/{ResourceArn}", "/tags/"));
    }
}
