#pragma once

#include <nlohmann/json.hpp>

#include <QFont>
#include <QString>

#include <memory>

class QTextDocument;

namespace Notebench::Editor {

/// Lays out a code cell's nbformat outputs as one read-only text document: stream and error
/// text with ANSI colours, text/plain for results, and a placeholder line naming the MIME type of
/// outputs not rendered yet (images, HTML). A long stream (Document::kElidedKey) shows its head,
/// one "… N more lines — Open full output" link line, then its tail.
class OutputDocument {
public:
    /// A document for `outputs`, laid out at `width` pixels; null when there is nothing to show.
    static std::shared_ptr<QTextDocument> build(const nlohmann::json& outputs, const QFont& font, int width);
    /// A cheap line count for heights before a cell is first laid out (no document built).
    static int estimatedLines(const nlohmann::json& outputs);
    /// The text an output shows, ANSI sequences still in it (head and tail of a long stream).
    static QString text(const nlohmann::json& output);
    /// A long stream's middle shows as one line linking to its whole text, named by its spill file.
    static QString fullOutputLink(const nlohmann::json& elidedOutput);
    /// The spill file a link names, or "" for any other link.
    static QString spillFileOfLink(const QString& href);
};

} // namespace Notebench::Editor
