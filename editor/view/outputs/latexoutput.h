#pragma once

#include "view/outputs/documentoutput.h"

#include <memory>

namespace Notebench::Editor {

/// A text/latex output typeset by MathJax (through the markdown renderer's math, so it shows as
/// TeX until its picture is ready); without the MathJax bundle, its TeX source in a tinted block.
class LatexOutput : public DocumentOutput {
public:
    LatexOutput(const QString& tex, const OutputContext& context);
};

/// The one place text/latex outputs are rendered; everything else routes text/latex through it.
std::unique_ptr<OutputRenderer> renderLatexOutput(const QString& tex, const OutputContext& context);

} // namespace Notebench::Editor
