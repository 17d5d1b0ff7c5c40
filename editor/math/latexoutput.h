#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace Notebench::Math {

/// One formula to typeset: TeX without its delimiters, and whether it is display math.
struct Formula {
    QString tex;
    bool display = false;
    bool operator==(const Formula&) const = default;
};

/// Reads a `text/latex` output (SymPy, IPython.display.Math/Latex) as MathJax should see it.
class LatexOutput {
public:
    /// The one formula the output is: "$…$" and "\(…\)" inline; "$$…$$", "\[…\]", a lone
    /// \begin{env}…\end{env} (kept whole: MathJax typesets the environment) and bare TeX with no
    /// delimiter at all as display. nullopt when the text mixes prose and math ("Energy: $E$"):
    /// render it then as markdown, whose renderer typesets each formula in place.
    static std::optional<Formula> formula(QStringView latex);
};

} // namespace Notebench::Math
