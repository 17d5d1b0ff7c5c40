// LatexOutput: which formula a text/latex output holds, delimiters stripped, environments kept.
#include "math/latexoutput.h"

#include <QTest>

using namespace Notebench::Math;

Q_DECLARE_METATYPE(std::optional<Formula>)

class TestLatexOutput : public QObject {
    Q_OBJECT
private slots:
    void formula_data()
    {
        QTest::addColumn<QString>("latex");
        QTest::addColumn<std::optional<Formula>>("expected");
        const auto math = [](const char* tex, bool display) { return std::optional<Formula>(Formula{tex, display}); };
        QTest::newRow("inline dollars") << "$x^2$" << math("x^2", false);
        QTest::newRow("sympy displaystyle") << "$\\displaystyle \\frac{1}{2}$" << math("\\displaystyle \\frac{1}{2}", false);
        QTest::newRow("display dollars") << "$$\\sum_i i$$" << math("\\sum_i i", true);
        QTest::newRow("brackets") << "\\[ a+b \\]" << math("a+b", true);
        QTest::newRow("parens") << "\\(a\\)" << math("a", false);
        QTest::newRow("surrounding blanks") << "  \n$$ y $$\n" << math("y", true);
        QTest::newRow("equation kept") << "\\begin{equation}E=mc^2\\end{equation}"
                                       << math("\\begin{equation}E=mc^2\\end{equation}", true);
        QTest::newRow("align kept") << "\\begin{align}a&=b\\\\c&=d\\end{align}"
                                    << math("\\begin{align}a&=b\\\\c&=d\\end{align}", true);
        QTest::newRow("bare tex") << "\\alpha + \\beta" << math("\\alpha + \\beta", true);
        QTest::newRow("escaped dollar inside") << "$\\$5$" << math("\\$5", false);
        QTest::newRow("two formulas") << "$a$ and $b$" << std::optional<Formula>();
        QTest::newRow("prose then math") << "Energy: $E$" << std::optional<Formula>();
        QTest::newRow("two displays") << "$$a$$ $$b$$" << std::optional<Formula>();
        QTest::newRow("empty") << "" << std::optional<Formula>();
        QTest::newRow("blank") << "  \n " << std::optional<Formula>();
        QTest::newRow("lone dollar") << "$" << std::optional<Formula>();
        QTest::newRow("unclosed") << "$$x" << std::optional<Formula>();
        QTest::newRow("double dollar only") << "$$" << std::optional<Formula>();
        QTest::newRow("four dollars") << "$$$$" << math("", true);
    }
    void formula()
    {
        QFETCH(QString, latex);
        QFETCH(std::optional<Formula>, expected);
        const std::optional<Formula> actual = LatexOutput::formula(latex);
        QCOMPARE(actual.has_value(), expected.has_value());
        if (expected) {
            QCOMPARE(actual->tex, expected->tex);
            QCOMPARE(actual->display, expected->display);
        }
    }
};

QTEST_APPLESS_MAIN(TestLatexOutput)
#include "tst_latexoutput.moc"
