// Notebench's entry into MathJax 3: TeX in, self-contained SVG out, no DOM and no browser.
// scripts/fetch-mathjax bundles this with esbuild into one script that QJSEngine evaluates
// (editor/math/mathengine.cpp); it defines one global function, notebenchTypeset(tex, display).

import {mathjax} from 'mathjax-full/js/mathjax.js';
import {TeX} from 'mathjax-full/js/input/tex.js';
import {SVG} from 'mathjax-full/js/output/svg.js';
import {liteAdaptor} from 'mathjax-full/js/adaptors/liteAdaptor.js';
import {RegisterHTMLHandler} from 'mathjax-full/js/handlers/html.js';

// The TeX packages a notebook user expects (JupyterLab's set, minus those that need a browser,
// a loader or an extra font): importing a configuration registers it by name.
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import 'mathjax-full/js/input/tex/amscd/AmsCdConfiguration.js';
import 'mathjax-full/js/input/tex/newcommand/NewcommandConfiguration.js';
import 'mathjax-full/js/input/tex/noundefined/NoUndefinedConfiguration.js';
import 'mathjax-full/js/input/tex/boldsymbol/BoldsymbolConfiguration.js';
import 'mathjax-full/js/input/tex/color/ColorConfiguration.js';
import 'mathjax-full/js/input/tex/colortbl/ColortblConfiguration.js';
import 'mathjax-full/js/input/tex/cancel/CancelConfiguration.js';
import 'mathjax-full/js/input/tex/bbox/BboxConfiguration.js';
import 'mathjax-full/js/input/tex/braket/BraketConfiguration.js';
import 'mathjax-full/js/input/tex/cases/CasesConfiguration.js';
import 'mathjax-full/js/input/tex/centernot/CenternotConfiguration.js';
import 'mathjax-full/js/input/tex/empheq/EmpheqConfiguration.js';
import 'mathjax-full/js/input/tex/enclose/EncloseConfiguration.js';
import 'mathjax-full/js/input/tex/extpfeil/ExtpfeilConfiguration.js';
import 'mathjax-full/js/input/tex/gensymb/GensymbConfiguration.js';
import 'mathjax-full/js/input/tex/mathtools/MathtoolsConfiguration.js';
import 'mathjax-full/js/input/tex/mhchem/MhchemConfiguration.js';
import 'mathjax-full/js/input/tex/physics/PhysicsConfiguration.js';
import 'mathjax-full/js/input/tex/textcomp/TextcompConfiguration.js';
import 'mathjax-full/js/input/tex/textmacros/TextMacrosConfiguration.js';
import 'mathjax-full/js/input/tex/unicode/UnicodeConfiguration.js';
import 'mathjax-full/js/input/tex/upgreek/UpgreekConfiguration.js';
import 'mathjax-full/js/input/tex/verb/VerbConfiguration.js';

const packages = ['base', 'ams', 'amscd', 'newcommand', 'noundefined', 'boldsymbol', 'color', 'colortbl',
                  'cancel', 'bbox', 'braket', 'cases', 'centernot', 'empheq', 'enclose', 'extpfeil', 'gensymb',
                  'mathtools', 'mhchem', 'physics', 'textcomp', 'textmacros', 'unicode', 'upgreek', 'verb'];

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const mathDocument = mathjax.document('', {
    InputJax: new TeX({packages: packages}),
    // 'none': every glyph is a path of its own, so the SVG needs no <defs>/<use> resolution.
    OutputJax: new SVG({fontCache: 'none'}),
});

// MathJax colours an error box through a style sheet, which a lone SVG does not carry: write
// its colours onto the elements (red text on yellow, as MathJax shows it in a browser).
function colourErrors(node) {
    if (node.kind === 'g' && adaptor.getAttribute(node, 'data-mml-node') === 'merror') {
        for (const child of adaptor.childNodes(node)) {
            if (child.kind === 'rect' && adaptor.getAttribute(child, 'data-background') !== null) {
                adaptor.setAttribute(child, 'fill', 'yellow');
                adaptor.setAttribute(child, 'stroke', 'none');
            } else if (child.kind === 'g') {
                adaptor.setAttribute(child, 'fill', 'red');
                adaptor.setAttribute(child, 'stroke', 'red');
            }
        }
        return adaptor.getAttribute(node, 'data-mjx-error') || 'TeX error';
    }
    let error = '';
    for (const child of adaptor.childNodes(node) || [])
        if (child.kind !== '#text' && child.kind !== '#comment')
            error = colourErrors(child) || error;
    return error;
}

// Returns {svg, error}: `svg` the <svg> element's markup ("" when MathJax itself failed), `error`
// the TeX error message ("" when the formula is fine; with an error the svg shows it boxed).
globalThis.notebenchTypeset = function (tex, display) {
    try {
        const container = mathDocument.convert(String(tex), {display: !!display, em: 16, ex: 8, containerWidth: 1280});
        const svg = adaptor.firstChild(container);
        const error = colourErrors(svg);
        return {svg: adaptor.outerHTML(svg), error: error};
    } catch (e) {
        return {svg: '', error: String(e && e.message ? e.message : e)};
    }
};
