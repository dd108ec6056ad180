/** The report file itself: safe embedding, a CSP that admits exactly its own script and style. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SolveReport } from '../../language/src/protocol';
import { jsonForHtml, renderReportHtml, sha256Hex } from '../../language/src/report-html';
import { embeddedData } from './preview-page';

const hostile = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> & \u2028';

function report(title: string): SolveReport {
  return {
    file: 'x.mech',
    model: 'X',
    title,
    version: '9.9.9',
    solver: {
      name: 'HiGHS',
      version: '1.2.3',
      tolerances: { primalFeasibility: 1e-7, dualFeasibility: 1e-7, gap: 1e-9 },
    },
    privateValues: false,
    states: ['a'],
    types: ['t'],
    outcomes: ['x'],
    prior: { a: 1 },
    diagnostics: [],
    results: {},
    sweeps: [],
  };
}

const assets = {
  script: 'console.log("</script> and <!-- stay inert");\n//# sourceMappingURL=webview.js.map\n',
  css: 'body { color: red; }\n',
};

describe('renderReportHtml', () => {
  const html = renderReportHtml(report(hostile), assets, { modelSha256: sha256Hex('model X') });

  it('embeds model strings so that they cannot end the data block or open a comment', () => {
    const scripts = html.match(/<script[\s>]/g) ?? [];
    expect(scripts).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(html).not.toContain('<img');
    expect(embeddedData(html).report.title).toBe(hostile);
    expect(jsonForHtml({ s: '<>&' })).toBe('{"s":"\\u003c\\u003e\\u0026"}');
  });

  it('allows exactly the inlined script and style by their SHA-256, and nothing remote', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/
      .exec(html)![1]
      .replace(/&#39;/g, "'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
    expect(csp).toContain(`style-src 'sha256-${hash(style)}'`);
    expect(script).not.toContain('sourceMappingURL');
  });

  it('is stamped with the tool and solver versions and the model hash, and is reproducible', () => {
    expect(html).toContain('<meta name="generator" content="mech 9.9.9; HiGHS 1.2.3">');
    expect(embeddedData(html).stamp).toEqual({
      tool: '9.9.9',
      solver: 'HiGHS 1.2.3',
      modelSha256: sha256Hex('model X'),
    });
    expect(renderReportHtml(report(hostile), assets, { modelSha256: sha256Hex('model X') })).toBe(
      html,
    );
  });
});
