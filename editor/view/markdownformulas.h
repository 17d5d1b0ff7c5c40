#pragma once

#include "view/markdownmath.h"

#include <QTextFormat>

#include <optional>

class QTextDocument;

namespace Notebench::Math {
class MathRenderer;
}

namespace Notebench::Editor {

/// Typeset pictures for the math of one rendered markdown document: each formula that MathJax
/// has already typeset becomes an image resource of the document, sized to the text around it
/// (MathJax's x-height matched to the font's, as MathJax does in a browser), inline ones sitting
/// on the baseline. Formulas not typeset yet are queued and stay TeX text for now; pending()
/// then tells the view to render the cell again when MathRenderer reports them ready.
class MarkdownFormulas {
public:
    /// `math` null: nothing is typeset (formulas stay TeX).
    MarkdownFormulas(QTextDocument& document, Math::MathRenderer* math, qreal devicePixelRatio);

    struct Picture {
        std::optional<QTextImageFormat> format;   ///< null: show the TeX as text
        QString error;                            ///< why the formula has no picture; "" when none failed
    };
    /// How to show `span` where the text around it is formatted `surrounding`: as a picture once
    /// typeset (an error in the TeX shows as MathJax's error box), else as its TeX for now.
    Picture picture(const MathSpan& span, const QTextCharFormat& surrounding);
    /// Some formula was queued: the document will look better once it is typeset.
    bool pending() const { return m_pending; }

private:
    QTextDocument& m_document;
    Math::MathRenderer* m_math;
    qreal m_devicePixelRatio;
    bool m_pending = false;
    int m_count = 0;   // names the image resources
};

} // namespace Notebench::Editor
