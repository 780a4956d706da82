import { enabled, type FlagUse } from './flag-scan.js';
import { KubectlRefusal } from './refusal.js';

/**
 * Below admin, Secret values only leave the cluster through -o yaml/json, where the runner masks them.
 * Returns the refusal for a command that would show them another way, which therefore needs admin:
 * templates print chosen fields verbatim, watches stream objects that cannot be masked reliably,
 * `set env --resolve` prints the referenced values and `wait --for=jsonpath` tests them.
 */
export function secretValuesExposure(
  verb: string,
  uses: readonly FlagUse[],
  command: { mayReadSecrets: boolean; templated: boolean; watching: boolean },
): KubectlRefusal | undefined {
  if (uses.some((use) => use.name === 'resolve' && enabled(use))) {
    return new KubectlRefusal(
      'secret-values',
      '--resolve is refused below admin: it prints the values of the Secrets that environment variables refer to',
      'List the variables without --resolve; the references name the Secret and key.',
    );
  }
  if (!command.mayReadSecrets) return undefined;
  if (command.templated) {
    return new KubectlRefusal(
      'secret-values',
      'Printing Secrets with -o jsonpath, go-template, custom-columns or --template is refused below admin: it would show their values unmasked',
      'Use -o yaml or -o json, where values are masked, or describe.',
    );
  }
  if (command.watching) {
    return new KubectlRefusal(
      'secret-values',
      'Watching Secrets is refused below admin: streamed objects cannot be checked for masking',
      'Use get without -w (values are masked with -o yaml or -o json), or describe.',
    );
  }
  if (verb === 'wait' && uses.some((use) => use.name === 'for' && use.value?.toLowerCase().startsWith('jsonpath'))) {
    return new KubectlRefusal(
      'secret-values',
      'wait --for=jsonpath on Secrets is refused below admin: it tests their values',
      'Wait for create or delete (--for=create, --for=delete) instead.',
    );
  }
  return undefined;
}
