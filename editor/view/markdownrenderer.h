#pragma once

#include <nlohmann/json.hpp>

#include <QFont>
#include <QString>
#include <QTextFormat>

#include <memory>

class QTextDocument;

namespace Notebench::Math {
class MathRenderer;
}

namespace Notebench::Editor {

/// Builds the QTextDocument a markdown cell shows, as JupyterLab renders it: GitHub's dialect
/// (tables, task lists with their checkboxes, strikethrough, autolinks, inline HTML), math kept
/// away from the markdown parser (MarkdownMath) and typeset by MathJax (MarkdownFormulas) — shown
/// as its TeX in a serif italic tint until its picture is ready — and images from the cell's
/// attachments or the notebook's folder, never from the network.
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
    /// Typesets math with `math` (null: shown as TeX), drawn for screens of `devicePixelRatio`.
    void setMath(Math::MathRenderer* math, qreal devicePixelRatio);
    Math::MathRenderer* math() const { return m_math; }
    qreal devicePixelRatio() const { return m_devicePixelRatio; }

    /// The rendered cell, laid out `width` pixels wide (images wider than that are scaled down).
    std::unique_ptr<QTextDocument> render(const QString& source, const nlohmann::json& attachments, int width) const;
    /// True when some of the document's math was still being typeset as it was rendered: render
    /// it again after MathRenderer::formulaReady to show the pictures.
    static bool waitsForMath(const QTextDocument& document);

private:
    QFont m_font;
    QString m_baseDirectory;
    Math::MathRenderer* m_math = nullptr;
    qreal m_devicePixelRatio = 1.0;
};

} // namespace Notebench::Editor
