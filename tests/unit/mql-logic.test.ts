import { describe, expect, it } from 'vitest';
import { extractMqlLogic } from '../../src/lib/languages/mql/index.ts';
import { decideConjuncts, evaluateConjuncts } from '../../src/lib/logic/evaluate.ts';
import { renderConjuncts } from '../../src/lib/logic/render.ts';
import { withoutLocations } from '../../src/lib/logic/tree.ts';
import type { Condition } from '../../src/lib/logic/types.ts';

const logic = (q: string) => extractMqlLogic(q);
const lines = (q: string) => renderConjuncts(logic(q).conjuncts);
const tree = (q: string): Condition[] => logic(q).conjuncts.map(withoutLocations);

describe('MQL to condition trees', () => {
  it('maps each filter function onto a leaf kind, match kind and explicit case', () => {
    expect(tree('strings.ilike(subject.subject, "*invoice*", "pay*")')).toEqual([
      { type: 'leaf', field: 'subject.subject', kind: 'wildcard', values: ['*invoice*', 'pay*'], caseSensitive: false, match: 'wildcard' },
    ]);
    const cases: [string, string, string, boolean][] = [
      ['strings.icontains', 'contains', 'substring', false],
      ['strings.contains', 'contains', 'substring', true],
      ['strings.like', 'wildcard', 'wildcard', true],
      ['strings.istarts_with', 'startswith', 'prefix', false],
      ['strings.ends_with', 'endswith', 'suffix', true],
      ['strings.iends_with', 'endswith', 'suffix', false],
      ['regex.icontains', 'regex', 'regex', false],
      ['regex.contains', 'regex', 'regex', true],
    ];
    for (const [fn, kind, match, caseSensitive] of cases) {
      expect(tree(`${fn}(body.current_thread.text, "x")`)[0], fn).toMatchObject({ kind, match, caseSensitive, values: ['x'] });
    }
    // regex.match / imatch match the whole value.
    expect(tree("regex.imatch(sender.display_name, 'a.+')")[0]).toMatchObject({ kind: 'regex', values: ['^(?:a.+)$'], caseSensitive: false });
  });

  it('reads comparisons: == and != case-sensitive, =~ / in~ not, null as existence, literals on the left flipped', () => {
    expect(lines('sender.email.email == "a@b.c" and x != "y" and y =~ "Z" and 30 > network.whois(sender.email.domain).days_old')).toEqual([
      'sender.email.email eq "a@b.c"',
      'x ne "y"',
      'y eq "Z"',
      'network.whois(sender.email.domain).days_old lt 30',
    ]);
    const [eq, ne, ci] = tree('a == "x" and b != "y" and c =~ "z"') as { caseSensitive?: boolean }[];
    expect([eq.caseSensitive, ne.caseSensitive, ci.caseSensitive]).toEqual([true, true, false]);
    expect(lines('x is null and y is not null and z == null')).toEqual(['x is_null', 'y is_not_null', 'z is_null']);
    expect(tree('f in~ ("A", "b")')[0]).toMatchObject({ kind: 'in', values: ['A', 'b'], caseSensitive: false });
    expect(lines('not x in ("a") and y not in ("b")')).toEqual(['not x in ["a"]', 'not y in ["b"]']);
  });

  it('shows $name lists as named lists and evaluates them from the lists given', () => {
    const l = logic('sender.email.domain.root_domain in $free_email_providers');
    expect(renderConjuncts(l.conjuncts)).toEqual(['sender.email.domain.root_domain in list $free_email_providers']);
    expect(l.conjuncts[0]).toMatchObject({ kind: 'in', values: ['$free_email_providers'], listRef: 'free_email_providers' });
    expect(l.status).toBe('full');
    const event = { sender: { email: { domain: { root_domain: 'gmail.com' } } } };
    expect(evaluateConjuncts(l.conjuncts, event, { lists: { free_email_providers: ['gmail.com', 'outlook.com'] } })).toBe(true);
    expect(evaluateConjuncts(l.conjuncts, event, { lists: { free_email_providers: ['yahoo.com'] } })).toBe(false);
    // any($list, strings.icontains(field, .)): the field holds some value of the list.
    expect(lines('any($suspicious_subjects, strings.icontains(subject.subject, .))')).toEqual(['subject.subject contains list $suspicious_subjects']);
    expect(lines('any(["Hi", "Hello"], strings.istarts_with(body.current_thread.text, .))')).toEqual([
      'body.current_thread.text startswith ["Hi", "Hello"]',
    ]);
    // all() over the values: every value must match; another test over a list's values is one computed leaf.
    expect(tree('all(["a", "b"], strings.icontains(subject.subject, .))')[0]).toMatchObject({ kind: 'contains', values: ['a', 'b'], all: true });
    expect(tree('not any($org_display_names, strings.istarts_with(sender.display_name, strings.concat(., " (Google ")))')[0]).toMatchObject({
      type: 'not',
      child: { field: 'any($org_display_names, strings.istarts_with(sender.display_name, strings.concat(., " (Google ")))', computed: ['any', 'strings.istarts_with', 'strings.concat'] },
    });
  });

  it('turns any/all into scope nodes with element-relative fields, and evaluates them per element', () => {
    const q = `type.inbound
      and any(attachments, .file_extension in~ ("html", "htm") and strings.ilike(.file_name, "*invoice*"))
      and not all(recipients.to, .email.domain.root_domain == "example.com")`;
    expect(lines(q)).toEqual([
      'type.inbound eq true',
      'any attachments (file_extension in ["html", "htm"] and file_name wildcard "*invoice*")',
      'not all recipients.to (email.domain.root_domain eq "example.com")',
    ]);
    const l = logic(q);
    expect(l.status).toBe('full');
    const event = (attachments: object[], to: string[]) => ({
      type: { inbound: true },
      attachments,
      recipients: { to: to.map((d) => ({ email: { domain: { root_domain: d } } })) },
    });
    const html = { file_extension: 'HTML', file_name: 'Invoice 42.html' };
    // Same element: an HTML file and an invoice name on two different attachments do not match.
    expect(evaluateConjuncts(l.conjuncts, event([html], ['example.com', 'other.org']))).toBe(true);
    expect(evaluateConjuncts(l.conjuncts, event([{ file_extension: 'html', file_name: 'a.html' }, { file_extension: 'pdf', file_name: 'invoice.pdf' }], ['x.org']))).toBe(false);
    expect(evaluateConjuncts(l.conjuncts, event([html], ['example.com']))).toBe(false);
  });

  it('reads the bare element `.` as the element itself', () => {
    const l = logic('any(headers.references, . == "abc" or strings.istarts_with(., "re:"))');
    expect(renderConjuncts(l.conjuncts)).toEqual(['any headers.references (. eq "abc" or . startswith "re:")']);
    expect(evaluateConjuncts(l.conjuncts, { headers: { references: ['x', 'RE: y'] } })).toBe(true);
    expect(evaluateConjuncts(l.conjuncts, { headers: { references: ['x', 'ABC'] } })).toBe(false);
  });

  it('folds filter() and map() into the scope, and length(filter(...)) > 0 into any', () => {
    expect(lines('any(filter(attachments, .file_type == "pdf"), strings.icontains(.file_name, "scan"))')).toEqual([
      'any attachments (file_type eq "pdf" and file_name contains "scan")',
    ]);
    expect(lines('any(map(body.links, .href_url.domain), .root_domain == "x.com")')).toEqual(['any body.links (href_url.domain.root_domain eq "x.com")']);
    expect(lines('length(filter(body.links, .display_text is null)) == 0')).toEqual(['not any body.links (display_text is_null)']);
    const l = logic('all(filter(attachments, .file_type == "pdf"), .size > 10)');
    const event = { attachments: [{ file_type: 'pdf', size: 20 }, { file_type: 'png', size: 1 }] };
    expect(evaluateConjuncts(l.conjuncts, event)).toBe(true);
    expect(evaluateConjuncts(l.conjuncts, { attachments: [{ file_type: 'pdf', size: 2 }] })).toBe(false);
  });

  it('states computed operands in the tree with the functions they call, so they are no reason', () => {
    const l = logic(`type.inbound
      and any(ml.nlu_classifier(body.current_thread.text).intents, .name == "cred_theft" and .confidence == "high")
      and network.whois(sender.email.domain).days_old < 30
      and length(attachments) > 0
      and beta.profile.by_reply_to().solicited
      and length(body.current_thread.text) - 1 > 10`);
    expect(l.status).toBe('full');
    expect(l.reasons).toEqual([]);
    expect(renderConjuncts(l.conjuncts)).toEqual([
      'type.inbound eq true',
      'any ml.nlu_classifier(body.current_thread.text).intents (name eq "cred_theft" and confidence eq "high")',
      'network.whois(sender.email.domain).days_old lt 30',
      'length(attachments) gt 0',
      'beta.profile.by_reply_to().solicited eq true',
      'length(body.current_thread.text) - 1 gt 10',
    ]);
    const [, classifier, whois, count, profile, arithmetic] = l.conjuncts.map(withoutLocations);
    expect(classifier).toMatchObject({ type: 'scope', computed: ['ml.nlu_classifier'] });
    expect((classifier as { child: Condition }).child).toMatchObject({ type: 'and' });
    expect(whois).toMatchObject({ field: 'network.whois(sender.email.domain).days_old', kind: 'lt', values: [30], computed: ['network.whois'] });
    expect(count).toMatchObject({ computed: ['length'] });
    expect(profile).toMatchObject({ computed: ['beta.profile.by_reply_to'] });
    expect(arithmetic).toMatchObject({ computed: ['-', 'length'] });
    // The catalog does not run these functions: a verdict resting on one is undecided, never a guess.
    expect(decideConjuncts([whois], { sender: { email: { domain: 'x.com' } } })).toBeUndefined();
    // Nested calls are all named: the file.explode scope over each attachment reads the OCR of its screenshot.
    expect(tree('any(attachments, any(file.explode(.), strings.icontains(.scan.ocr.raw, "invoice")))')[0]).toMatchObject({
      type: 'scope',
      field: 'attachments',
      child: { type: 'scope', field: 'file.explode(.)', computed: ['file.explode'], child: { field: 'scan.ocr.raw', kind: 'contains' } },
    });
  });

  it('compares two fields with otherField, a field with a computed value on the computed side, the rest as one computed leaf', () => {
    const l = logic(`strings.icontains(body.current_thread.text, sender.display_name)
      and sender.email.domain.root_domain != headers.return_path.domain.root_domain
      and strings.replace_confusables(sender.display_name) =~ sender.email.local_part
      and sender.email.domain.root_domain in map(recipients.to, .email.domain.root_domain)
      and length(recipients.to) > length(recipients.cc)
      and strings.icontains(subject.subject, strings.concat("re: ", sender.display_name))`);
    expect(l.status).toBe('full');
    expect(renderConjuncts(l.conjuncts, { marks: true })).toEqual([
      'body.current_thread.text contains~ field sender.display_name',
      'sender.email.domain.root_domain ne field headers.return_path.domain.root_domain',
      'strings.replace_confusables(sender.display_name) eq~ field sender.email.local_part',
      'map(recipients.to, .email.domain.root_domain) contains field sender.email.domain.root_domain',
      'length(recipients.to) > length(recipients.cc) eq true',
      'strings.icontains(subject.subject, strings.concat("re: ", sender.display_name)) eq true',
    ]);
    const [contains, ne, , membership, counts, concat] = l.conjuncts.map(withoutLocations);
    expect(contains).toMatchObject({ kind: 'contains', values: [], otherField: 'sender.display_name', caseSensitive: false });
    expect(contains).not.toHaveProperty('computed');
    expect(ne).toMatchObject({ kind: 'ne', otherField: 'headers.return_path.domain.root_domain', caseSensitive: true });
    expect(membership).toMatchObject({ kind: 'contains', match: 'exact', computed: ['map'] });
    expect(counts).toMatchObject({ values: [true], computed: ['length'] });
    expect(concat).toMatchObject({ computed: ['strings.icontains', 'strings.concat'] });
    const event = { body: { current_thread: { text: 'Regards, Jane Doe' } }, sender: { display_name: 'jane doe', email: { domain: { root_domain: 'a.com' } } }, headers: { return_path: { domain: { root_domain: 'b.com' } } } };
    expect(decideConjuncts(l.conjuncts.slice(0, 2), event)).toBe(true);
  });

  it('states small N-of thresholds as an or of combinations; keeps larger ones and bare `..` comparisons as reasons', () => {
    expect(lines('2 of (a, b, c)')).toEqual(['(a eq true and b eq true) or (a eq true and c eq true) or (b eq true and c eq true)']);
    expect(logic('2 of (a, b, c)').status).toBe('full');
    const two = logic('2 of (a, b, c)').conjuncts;
    expect(evaluateConjuncts(two, { a: true, c: true })).toBe(true);
    expect(evaluateConjuncts(two, { b: true })).toBe(false);
    expect(lines('1 of (a, b)')).toEqual(['a eq true or b eq true']);
    expect(lines('2 of (a, b)')).toEqual(['a eq true', 'b eq true']);
    const wide = logic('3 of (a, b, c, d, e, f, g, h)');
    expect(wide.reasons).toEqual(['N of: 3 of 8 conditions']);
    expect(wide.status).toBe('partial');
    const outer = logic('any(body.links, any(recipients.to, .email.email == ..display_text))');
    expect(outer.reasons).toEqual(['enclosing element: ..display_text', 'field comparison: .email.email == ..display_text']);
    // Inside a computation, `..` is part of the text the leaf states.
    const inside = logic('any(attachments, any(recipients.to, strings.icontains(..file_name, .email.local_part)))');
    expect(inside.status).toBe('full');
    expect(renderConjuncts(inside.conjuncts)).toEqual(['any attachments (any recipients.to (strings.icontains(..file_name, .email.local_part) eq true))']);
  });

  it('reports syntax errors as no logic with the position in the query', () => {
    const l = extractMqlLogic('type.inbound\nand (x == 1', { file: 'detection-rules/r.yml' });
    expect(l.status).toBe('none');
    expect(l.reasons[0]).toMatch(/^MQL syntax error at line 2/);
    expect(l.diagnostics[0]).toMatchObject({ file: 'detection-rules/r.yml', code: 'mql-syntax', line: 2 });
    expect(extractMqlLogic('false').reasons).toEqual(['never matches: the query is `false`']);
  });
});
