#pragma once

#include <nlohmann/json.hpp>

#include <QFont>
#include <QString>
#include <QTextFormat>

#include <memory>

class QTextDocument;

namespace Notebench::Editor {

/// Builds the QTextDocument a markdown cell shows, as JupyterLab renders it: GitHub's dialect
/// (tables, task lists with their checkboxes, strikethrough, autolinks, inline HTML), math kept
/// away from the markdown parser (MarkdownMath) and shown as its TeX in a serif italic tint until
/// a math renderer exists, and images from the cell's attachments or the notebook's folder —
/// never from the network.
class MarkdownRenderer {
public:
    /// Set on the QTextCharFormat of every piece of math, so a math renderer can find each one
    /// and put an image in its place: the TeX (QString) and whether it is display math (bool).
    static constexpr int MathTexProperty = QTextFormat::UserProperty + 1;
    static constexpr int MathDisplayProperty = QTextFormat::UserProperty + 2;

    explicit MarkdownRenderer(const QFont& font = QFont());

    /// The folder relative image paths resolve against: the notebook file's folder.
    void setBaseDirectory(const QString& directory) { m_baseDirectory = directory; }
    const QString& baseDirectory() const { return m_baseDirectory; }

    /// The rendered cell, laid out `width` pixels wide (images wider than that are scaled down).
    std::unique_ptr<QTextDocument> render(const QString& source, const nlohmann::json& attachments, int width) const;

private:
    QFont m_font;
    QString m_baseDirectory;
};

} // namespace Notebench::Editor
