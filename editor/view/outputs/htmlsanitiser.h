#pragma once

#include <QString>
#include <QStringView>

namespace Notebench::Editor {

/// Rewrites untrusted HTML from an output into the part QTextDocument may show: only an
/// allowlist of formatting tags and attributes survives (so every on* handler goes), script,
/// style, iframe, object and form controls are removed with their content, links keep only
/// http, https, mailto and in-page targets, images keep only data:image sources (a remote image
/// becomes its alt text: nothing is loaded from the network), and malformed markup ends up as
/// text rather than as a tag. Entity and whitespace tricks in URLs are decoded before checking.
class HtmlSanitiser {
public:
    static QString sanitise(QStringView html);
    /// True when a URL (entities already decoded) is safe as a link target.
    static bool isSafeLink(QStringView url);
    /// Decodes character references (&#106;, &#x6A;, &colon;, &amp; …) in an attribute value.
    static QString decodeEntities(QStringView text);
};

} // namespace Notebench::Editor
