#include "view/outputs/latexoutput.h"

#include "math/latexoutput.h"
#include "view/markdownrenderer.h"

#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>

namespace Notebench::Editor {

namespace {

// The markdown that typesets a text/latex output in place: its one formula between the
// delimiters markdown math knows (an environment stands on its own), or, when it mixes prose
// and math, the text itself.
QString asMarkdown(const QString& tex)
{
    const std::optional<Math::Formula> formula = Math::LatexOutput::formula(tex);
    if (!formula)
        return tex;
    if (formula->tex.trimmed().startsWith(QLatin1StringView("\\begin{")))
        return formula->tex.trimmed();
    return formula->display ? QStringLiteral("$$\n%1\n$$").arg(formula->tex) : QStringLiteral("$%1$").arg(formula->tex);
}

} // namespace

LatexOutput::LatexOutput(const QString& tex, const OutputContext& context)
    : DocumentOutput(
          Kind::Latex,
          [tex, markdown = context.markdown, font = context.codeFont, theme = context.theme](int width) {
              // Typeset by MathJax through the markdown renderer, as a markdown cell's math is.
              if (markdown && markdown->math())
                  return markdown->render(asMarkdown(tex), nullptr, width);
              auto document = std::make_unique<QTextDocument>();
              document->setDefaultFont(font);
              document->setDocumentMargin(0);
              document->setUndoRedoEnabled(false);
              QTextFrameFormat frame = document->rootFrame()->frameFormat();
              frame.setBackground(theme.codeBackground);
              frame.setPadding(4);
              document->rootFrame()->setFrameFormat(frame);
              QTextCharFormat format;
              format.setForeground(theme.math);
              QTextCursor(document.get()).insertText(tex.trimmed(), format);
              return document;
          },
          true, context)
{
}

std::unique_ptr<OutputRenderer> renderLatexOutput(const QString& tex, const OutputContext& context)
{
    return std::make_unique<LatexOutput>(tex, context);
}

} // namespace Notebench::Editor
