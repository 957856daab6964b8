//! A small Markdown-to-view renderer for the controls' documentation
//! (paragraphs, lists, fenced code, inline code). Everything becomes text
//! nodes: nothing is ever parsed as HTML.

use leptos::prelude::*;

/// Renders documentation Markdown.
pub fn render(markdown: &str) -> AnyView {
    let mut blocks: Vec<AnyView> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    let mut code: Option<Vec<String>> = None;
    let flush = |paragraph: &mut Vec<String>, list: &mut Vec<String>, blocks: &mut Vec<AnyView>| {
        if !paragraph.is_empty() {
            let text = paragraph.join(" ");
            blocks.push(view! { <p>{inline(&text)}</p> }.into_any());
            paragraph.clear();
        }
        if !list.is_empty() {
            let items = std::mem::take(list);
            blocks.push(
                view! { <ul>{items.into_iter().map(|i| view! { <li>{inline(&i)}</li> }).collect_view()}</ul> }
                    .into_any(),
            );
        }
    };
    for line in markdown.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                let text = lines.join("\n");
                blocks.push(
                    view! { <pre class="code" tabindex="0"><code>{text}</code></pre> }.into_any(),
                );
                code = None;
            } else {
                lines.push(line.to_string());
            }
            continue;
        }
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut list, &mut blocks);
            code = Some(Vec::new());
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut list, &mut blocks);
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut Vec::new(), &mut blocks);
            }
            list.push(item.to_string());
        } else if let Some(heading) = trimmed.strip_prefix('#') {
            flush(&mut paragraph, &mut list, &mut blocks);
            let text = heading.trim_start_matches('#').trim().to_string();
            blocks.push(view! { <h4>{text}</h4> }.into_any());
        } else if !list.is_empty() && line.starts_with("  ") {
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        } else {
            if !list.is_empty() {
                flush(&mut Vec::new(), &mut list, &mut blocks);
            }
            paragraph.push(trimmed.to_string());
        }
    }
    if let Some(lines) = code {
        let text = lines.join("\n");
        blocks.push(view! { <pre class="code" tabindex="0"><code>{text}</code></pre> }.into_any());
    }
    flush(&mut paragraph, &mut list, &mut blocks);
    blocks.into_iter().collect_view().into_any()
}

/// Inline code spans and emphasis markers; the rest is text.
pub fn inline(text: &str) -> AnyView {
    let mut parts: Vec<AnyView> = Vec::new();
    for (i, piece) in text.split('`').enumerate() {
        if i % 2 == 1 {
            parts.push(view! { <code>{piece.to_string()}</code> }.into_any());
        } else {
            let plain = piece.replace("**", "");
            parts.push(plain.into_any());
        }
    }
    parts.into_iter().collect_view().into_any()
}
