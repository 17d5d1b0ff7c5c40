#pragma once

#include "view/outputs/outputrenderer.h"

#include <functional>
#include <memory>

class QTextDocument;

namespace Notebench::Editor {

/// An output shown as a rich-text document: sanitised HTML, markdown, and the TeX block. The
/// document is built on first need; `rebuildPerWidth` builds it again for another width
/// (markdown scales its images to the width), otherwise it is only laid out again.
class DocumentOutput : public OutputRenderer {
public:
    using Builder = std::function<std::unique_ptr<QTextDocument>(int width)>;

    DocumentOutput(Kind kind, Builder builder, bool rebuildPerWidth, const OutputContext& context);
    ~DocumentOutput() override;

    Kind kind() const override { return m_kind; }
    int height(int width) override;
    void paint(QPainter& painter, const QRect& rect) override;
    QString text() const override;
    QString anchorAt(QPoint point) const override;
    /// The laid-out document (built at the last width), for tests.
    QTextDocument* document() const { return m_document.get(); }

private:
    Kind m_kind;
    Builder m_builder;
    bool m_rebuildPerWidth;
    Theme m_theme;
    std::unique_ptr<QTextDocument> m_document;
    int m_width = -1;
};

} // namespace Notebench::Editor
