#pragma once

#include "view/outputs/documentoutput.h"

#include <QTextDocument>

namespace Notebench::Editor {

/// A QTextDocument that loads nothing by itself: only data:image URLs left by the sanitiser are
/// decoded; files and the network are never touched, whatever the HTML names.
class OfflineTextDocument : public QTextDocument {
public:
    using QTextDocument::QTextDocument;

protected:
    QVariant loadResource(int type, const QUrl& name) override;
};

/// A text/html output: sanitised (HtmlSanitiser), then shown with tables styled as JupyterLab
/// styles pandas DataFrames: borders, bold headers, right-aligned cells, padding, striped rows.
class HtmlOutput : public DocumentOutput {
public:
    /// HTML longer than this is not laid out (its text/plain is shown instead).
    static constexpr qsizetype maxLength = 4 * 1024 * 1024;

    HtmlOutput(const QString& html, const OutputContext& context);

    /// The sanitised document, styled; exposed for tests.
    static std::unique_ptr<QTextDocument> build(const QString& html, const OutputContext& context);
};

} // namespace Notebench::Editor
