#include "view/outputs/latexoutput.h"

#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>

namespace Notebench::Editor {

LatexOutput::LatexOutput(const QString& tex, const OutputContext& context)
    : DocumentOutput(
          Kind::Latex,
          [tex, font = context.codeFont, theme = context.theme](int) {
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
          false, context)
{
}

std::unique_ptr<OutputRenderer> renderLatexOutput(const QString& tex, const OutputContext& context)
{
    return std::make_unique<LatexOutput>(tex, context);
}

} // namespace Notebench::Editor
