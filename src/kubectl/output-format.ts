import type { FlagUse } from './flag-scan.js';
import { flagLabel } from './flag-rules.js';
import { own } from './own.js';
import { KubectlRefusal, shown } from './refusal.js';

/** What kubectl will print: template covers jsonpath*, go-template*, custom-columns* and template. */
export type OutputFormat = 'default' | 'wide' | 'name' | 'json' | 'yaml' | 'template';

/** Each `-o` format kubectl 1.35 knows, by its name before any `=`; null for formats that read a file on the server. */
export const outputFormats: Readonly<Record<string, OutputFormat | null>> = {
  '': 'default',
  plaintext: 'default',
  'plaintext-openapiv2': 'default',
  wide: 'wide',
  name: 'name',
  json: 'json',
  yaml: 'yaml',
  kyaml: 'yaml',
  jsonpath: 'template',
  'jsonpath-as-json': 'template',
  'go-template': 'template',
  template: 'template',
  'custom-columns': 'template',
  'jsonpath-file': null,
  'go-template-file': null,
  templatefile: null,
  'custom-columns-file': null,
};

/** The format name of an `-o` value: `jsonpath={.x}` → `jsonpath`. */
export function outputFormatName(value: string): string {
  const eq = value.indexOf('=');
  return (eq < 0 ? value : value.slice(0, eq)).toLowerCase();
}

/**
 * The output format a command asks for, and whether any `-o` asks for a template. Formats that read
 * a template file on the server are refused; so are names kubectl does not know. `--template` without
 * `-o` is a go-template, as in kubectl.
 */
export function outputOf(uses: readonly FlagUse[], fallback: OutputFormat): { output: OutputFormat; templated: boolean } {
  let output = fallback;
  let templated = false;
  for (const use of uses) {
    if (use.name !== 'output') continue;
    if (use.value === undefined) {
      throw new KubectlRefusal('output-format', `${flagLabel(use)} needs a format`, `Use ${formatHint}.`);
    }
    const name = outputFormatName(use.value);
    const format = own(outputFormats, name);
    if (format === null) {
      throw new KubectlRefusal(
        'forbidden-flag',
        `-o ${name} is refused: it reads the template from a file on the MCP server's filesystem`,
        `Pass the template inline, for example -o ${name.replace(/-?file$/, '') || 'template'}=….`,
      );
    }
    if (format === undefined) {
      throw new KubectlRefusal('output-format', `${shown(name, 'That -o value')} is not a kubectl output format`, `Use ${formatHint}.`);
    }
    output = format === 'default' ? fallback : format;
    if (format === 'template') templated = true;
  }
  if (output === 'default' && uses.some((use) => use.name === 'template' && use.value)) output = 'template';
  return { output, templated: templated || output === 'template' };
}

const formatHint = 'one of: wide, name, json, yaml, jsonpath=…, go-template=…, custom-columns=…, or no -o for the default table';
