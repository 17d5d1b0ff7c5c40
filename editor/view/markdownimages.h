#pragma once

#include <nlohmann/json.hpp>

#include <QImage>
#include <QString>

class QTextDocument;

namespace Notebench::Editor {

/// Gives the images of a rendered markdown cell their pixels: "attachment:name" from the cell's
/// attachments (base64 by MIME type), data: URLs, and local files (relative paths against the
/// notebook's folder). Remote images (http, https, …) are never fetched, for privacy, and nothing
/// is left for QTextDocument to load on its own: an image that cannot be shown becomes its alt
/// text in a muted style. Images wider than the cell are scaled down to fit.
class MarkdownImages {
public:
    /// Local image files larger than this are not read (the GUI thread reads them).
    static constexpr qint64 maxFileSize = 32 * 1024 * 1024;

    /// `attachments` is the cell's nbformat attachments (null when absent); `baseDirectory` ""
    /// for a notebook never saved, whose relative paths then resolve nowhere.
    static void resolve(QTextDocument& document, const nlohmann::json& attachments, const QString& baseDirectory,
                        int maxWidth);
    /// The image a markdown image name points to, or a null image.
    static QImage load(const QString& name, const nlohmann::json& attachments, const QString& baseDirectory);
};

} // namespace Notebench::Editor
