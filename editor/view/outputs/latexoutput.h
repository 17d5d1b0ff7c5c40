#pragma once

#include "view/outputs/documentoutput.h"

#include <memory>

namespace Notebench::Editor {

/// A text/latex output shown as its TeX source in a tinted monospace block, until it is
/// connected to the math engine.
class LatexOutput : public DocumentOutput {
public:
    LatexOutput(const QString& tex, const OutputContext& context);
};

/// The one place text/latex outputs are rendered: connect the math engine here (typeset SVG
/// instead of the source block); everything else routes text/latex through this function.
std::unique_ptr<OutputRenderer> renderLatexOutput(const QString& tex, const OutputContext& context);

} // namespace Notebench::Editor
