#include "view/outputs/markdownoutput.h"

#include "view/markdownrenderer.h"

#include <QTextDocument>

namespace Notebench::Editor {

MarkdownOutput::MarkdownOutput(const QString& markdown, const OutputContext& context)
    : DocumentOutput(
          Kind::Markdown,
          [markdown, renderer = context.markdown, font = context.textFont](int width) {
              if (renderer)
                  return renderer->render(markdown, nullptr, width);
              return MarkdownRenderer(font).render(markdown, nullptr, width);
          },
          true, context)
{
}

} // namespace Notebench::Editor
