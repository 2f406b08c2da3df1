// The raw material of a seeded history: who commits, when, and realistic edits to modules with their messages.
import type { HistoryBuilder, FileChange } from '../git/history-builder';
import type { Signature } from '../git/objects';
import type { PullRequestParticipantRecord, PullRequestState } from '../git/repository-content';
import type { LanguageProfile } from './repository-languages';
import { NOUNS, VERBS, purpose } from './repository-languages';
import type { Prng } from './prng';
import { formatBitbucketTime } from './timestamps';

/** Commit identities: three with Bitbucket accounts (by email), two without. */
export const PEOPLE: Record<string, Signature> = {
  alice: { name: 'Alice Marchetti', email: 'alice.marchetti@acme.example' },
  bob: { name: 'Bob Okafor', email: 'bob.okafor@acme.example' },
  carol: { name: 'Carol Nguyen', email: 'carol@northwind.example' },
  dave: { name: 'Dave Lindqvist', email: 'dave.lindqvist@mail.example' },
  grace: { name: 'Grace Hopper', email: 'grace@example.com' },
  bot: { name: 'build-bot', email: 'ci@acme.example' },
};

/** Hands out commit times in order between two instants, on working hours, spread over `expected` commits. */
export class CommitClock {
  private index = 0;
  private last: number;

  constructor(
    private readonly prng: Prng,
    private readonly startMs: number,
    private readonly endMs: number,
    private readonly expected: number,
  ) {
    this.last = startMs;
  }

  next(): string {
    const slot = (this.index + this.prng.next() * 0.9) / this.expected;
    this.index += 1;
    let ms = this.startMs + Math.min(slot, 1) * (this.endMs - this.startMs);
    const day = Math.floor(ms / 86_400_000) * 86_400_000;
    ms = day + (8 + this.prng.next() * 10) * 3_600_000;
    ms = Math.min(Math.max(ms, this.last + 60_000 + this.prng.int(0, 3_600_000)), this.endMs);
    if (ms <= this.last) ms = this.last + 1000;
    this.last = ms;
    return formatBitbucketTime(ms, this.prng.int(0, 999));
  }

  /** The time of the latest commit handed out. */
  get latest(): number {
    return this.last;
  }
}

export interface Module {
  path: string;
  noun: string;
  constant: string;
  value: number;
  functions: string[];
}

export interface Step {
  changes: FileChange[];
  message: string;
}

const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Realistic edits to a language's modules, each with the message a developer would write for it. */
export class SourceChurn {
  readonly modules: Module[] = [];
  private readonly usedNouns = new Set<string>();

  constructor(
    private readonly prng: Prng,
    private readonly profile: LanguageProfile,
    private readonly builder: HistoryBuilder,
    private readonly root = profile.sourceDir,
  ) {}

  /** A module not yet in the tree, with one function, as its first content. */
  newModule(dir = this.root): { module: Module; content: string } {
    const free = NOUNS.filter((n) => !this.usedNouns.has(n));
    const noun = free.length > 0 ? this.prng.pick(free) : `${this.prng.pick(NOUNS)}-extra`;
    this.usedNouns.add(noun);
    const constant = this.profile.constant(noun);
    const value = this.prng.pick([8, 16, 32, 50, 64, 100, 128, 256]);
    const verb = this.prng.pick(VERBS);
    const ident = this.profile.ident(verb, noun);
    const module: Module = {
      path: `${dir}/${this.profile.moduleFile(noun)}`,
      noun,
      constant,
      value,
      functions: [ident],
    };
    const content = `${this.profile.header(noun, constant, value)}${this.profile.separator}${this.profile.block(verb, noun, this.prng)}\n`;
    return { module, content };
  }

  /** A new module, tracked unless `track` is false (then {@link adopt} it when its branch merges). */
  addModule(track = true): Step & { module: Module } {
    const { module, content } = this.newModule();
    if (track) this.modules.push(module);
    const message = this.prng.pick([
      `Add ${module.noun} module`,
      `Introduce ${module.path}`,
      `Add ${module.noun} rules with ${module.functions[0]}`,
    ]);
    return { changes: [{ path: module.path, content }], message, module };
  }

  adopt(module: Module): void {
    this.modules.push(module);
  }

  addFunction(branch: string, module = this.pickModule()): Step | undefined {
    if (!module) return undefined;
    const text = this.builder.read(branch, module.path);
    if (text === undefined) return undefined;
    const verbs = VERBS.filter(
      (v) => !module.functions.includes(this.profile.ident(v, module.noun)),
    );
    if (verbs.length === 0) return undefined;
    const verb = this.prng.pick(verbs);
    const ident = this.profile.ident(verb, module.noun);
    module.functions.push(ident);
    const content = `${text.trimEnd()}${this.profile.separator}${this.profile.block(verb, module.noun, this.prng)}\n`;
    const subject = this.prng.pick([
      `Add ${ident} to ${module.noun}`,
      `${cap(module.noun)}: add ${ident}`,
      `Add ${ident} for ${module.noun} values`,
    ]);
    const body = this.prng.chance(0.4)
      ? `\n\n${purpose(verb, module.noun)}. Callers did this inline in three places; they now share one implementation.`
      : '';
    return { changes: [{ path: module.path, content }], message: `${subject}${body}` };
  }

  tweakConstant(branch: string, module = this.pickModule()): Step | undefined {
    if (!module) return undefined;
    const text = this.builder.read(branch, module.path);
    if (text === undefined) return undefined;
    const at = text.indexOf(module.constant);
    if (at < 0) return undefined;
    const raise = this.prng.chance(0.6);
    const next = raise ? module.value * 2 : Math.max(4, Math.floor(module.value / 2));
    if (next === module.value) return undefined;
    const tail = text.slice(at).replace(new RegExp(`\\b${module.value}\\b`), String(next));
    const content = text.slice(0, at) + tail;
    if (content === text) return undefined;
    module.value = next;
    const message = raise
      ? this.prng.pick([
          `Raise ${module.constant} to ${next}`,
          `Bump ${module.constant} to ${next}\n\nLarge ${module.noun} batches were being truncated in production.`,
        ])
      : this.prng.pick([
          `Lower ${module.constant} to ${next}`,
          `Reduce ${module.constant} to ${next} after load testing`,
        ]);
    return { changes: [{ path: module.path, content }], message };
  }

  removeFunction(branch: string): Step | undefined {
    const module = this.pickModule((m) => m.functions.length > 2);
    if (!module) return undefined;
    const text = this.builder.read(branch, module.path);
    if (text === undefined) return undefined;
    const ident = module.functions[1 + this.prng.int(0, module.functions.length - 2)] as string;
    const paragraphs = text.trimEnd().split(this.profile.separator);
    const kept = paragraphs.filter((p) => !p.includes(ident));
    if (kept.length === paragraphs.length) return undefined;
    module.functions = module.functions.filter((f) => f !== ident);
    return {
      changes: [{ path: module.path, content: `${kept.join(this.profile.separator)}\n` }],
      message: this.prng.pick([
        `Remove unused ${ident}`,
        `Drop ${ident}; nothing calls it any more`,
      ]),
    };
  }

  renameModule(branch: string): Step | undefined {
    const depth = this.root.split('/').length + 1;
    const module = this.pickModule((m) => m.path.split('/').length === depth);
    if (!module) return undefined;
    const name = module.path.split('/').pop() as string;
    const dir = module.path.slice(0, -name.length - 1);
    const target = `${dir}/${this.prng.pick(['core', 'shared', 'domain', 'rules'])}/${name}`;
    if (this.builder.read(branch, target) !== undefined) return undefined;
    const from = module.path;
    module.path = target;
    return {
      changes: [{ path: target, from }],
      message: this.prng.pick([
        `Move ${from} to ${target}`,
        `Reorganise ${module.noun} under ${target.split('/').slice(-2, -1)[0]}/`,
      ]),
    };
  }

  deleteModule(): Step | undefined {
    if (this.modules.length < 4) return undefined;
    const module = this.pickModule();
    if (!module) return undefined;
    this.modules.splice(this.modules.indexOf(module), 1);
    this.usedNouns.delete(module.noun);
    return {
      changes: [{ path: module.path, content: null }],
      message: this.prng.pick([
        `Delete ${module.path}`,
        `Remove the ${module.noun} module\n\nIts last caller went away with the checkout rewrite.`,
      ]),
    };
  }

  /** One ordinary change on `branch`: mostly additions and tweaks, sometimes moves and deletions. */
  randomStep(branch: string): Step {
    const roll = this.prng.next();
    const step =
      (roll < 0.38
        ? this.addFunction(branch)
        : roll < 0.6
          ? this.tweakConstant(branch)
          : roll < 0.72
            ? this.removeFunction(branch)
            : roll < 0.82
              ? this.renameModule(branch)
              : roll < 0.88
                ? this.deleteModule()
                : undefined) ??
      this.addFunction(branch) ??
      this.tweakConstant(branch);
    return step ?? this.addModule();
  }

  private pickModule(filter: (m: Module) => boolean = () => true): Module | undefined {
    const candidates = this.modules.filter(filter);
    return candidates.length > 0 ? this.prng.pick(candidates) : undefined;
  }
}

/** A pull request's reviewers and participants, from the people who may see the repository. */
export function reviewParticipants(
  prng: Prng,
  author: string,
  people: readonly string[],
  state: PullRequestState,
  createdMs: number,
  updatedMs: number,
): PullRequestParticipantRecord[] {
  const others = people.filter((p) => p !== author);
  const when = () =>
    formatBitbucketTime(createdMs + prng.next() * (updatedMs - createdMs), prng.int(0, 999));
  const out: PullRequestParticipantRecord[] = [];
  for (const [index, nickname] of others.entries()) {
    if (index >= 2) break;
    const reviewState: PullRequestParticipantRecord['state'] =
      state === 'MERGED'
        ? 'approved'
        : state === 'DECLINED'
          ? index === 0
            ? 'changes_requested'
            : null
          : prng.pick(['approved', 'changes_requested', null] as const);
    out.push({
      nickname,
      role: 'REVIEWER',
      state: reviewState,
      participatedOn: reviewState === null ? null : when(),
    });
  }
  if (prng.chance(0.5)) {
    out.push({ nickname: author, role: 'PARTICIPANT', state: null, participatedOn: when() });
  }
  return out;
}
