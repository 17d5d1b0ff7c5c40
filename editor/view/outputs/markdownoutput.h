#pragma once

#include "view/outputs/documentoutput.h"

namespace Notebench::Editor {

/// A text/markdown output, rendered by the markdown cells' own renderer (its images scaled to
/// the width, so it renders again for another width).
class MarkdownOutput : public DocumentOutput {
public:
    MarkdownOutput(const QString& markdown, const OutputContext& context);
};

} // namespace Notebench::Editor
