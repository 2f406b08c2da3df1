// How source code looks in each seeded language: module headers, functions, constants and project files.
import type { Prng } from './prng';

export interface LanguageProfile {
  /** The language's display name in READMEs. */
  label: string;
  ext: string;
  /** Where modules live. */
  sourceDir: string;
  /** How the language spells a function named from a verb and a noun. */
  ident(verb: string, noun: string): string;
  /** A module's opening paragraph, declaring `constant` with `value`. */
  header(module: string, constant: string, value: number): string;
  /** One function (a single paragraph, no blank lines inside) named `ident(verb, noun)`. */
  block(verb: string, noun: string, prng: Prng): string;
  /** A constant's name in the language's style. */
  constant(noun: string): string;
  /** Blank lines between top-level definitions. */
  separator: string;
  /** Project files beside the sources (manifest, ignore file, build files). */
  projectFiles(slug: string): Record<string, string>;
  /** A module file name for a noun. */
  moduleFile(noun: string): string;
}

export const VERBS = [
  'format',
  'parse',
  'normalize',
  'validate',
  'build',
  'resolve',
  'merge',
  'filter',
  'compute',
  'load',
  'encode',
  'decode',
  'group',
  'clamp',
  'retry',
  'render',
] as const;

export const NOUNS = [
  'price',
  'cart',
  'order',
  'session',
  'token',
  'payload',
  'header',
  'route',
  'metric',
  'event',
  'record',
  'batch',
  'query',
  'config',
  'cache',
  'review',
  'rating',
  'currency',
  'locale',
  'timeout',
  'request',
  'response',
  'schema',
  'feature',
  'dataset',
  'job',
  'invoice',
  'webhook',
  'shipment',
  'discount',
  'coupon',
  'inventory',
  'address',
  'payment',
  'refund',
  'catalog',
  'channel',
  'segment',
  'template',
  'quota',
  'audit',
  'signal',
  'widget',
  'banner',
] as const;

const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const camel = (verb: string, noun: string) => `${verb}${cap(noun)}`;
const snake = (verb: string, noun: string) => `${verb}_${noun}`;
const upper = (noun: string) => `DEFAULT_${noun.toUpperCase()}_LIMIT`;

/** What a function does, in words, for doc comments. */
export function purpose(verb: string, noun: string): string {
  const phrases: Record<string, string> = {
    format: `Formats a ${noun} for display`,
    parse: `Parses a ${noun} from its wire form`,
    normalize: `Normalizes a ${noun} so equal values compare equal`,
    validate: `Checks that a ${noun} is well formed`,
    build: `Builds a ${noun} from its parts`,
    resolve: `Resolves a ${noun} against the current configuration`,
    merge: `Merges two ${noun} values, the second one winning`,
    filter: `Keeps the ${noun} entries that match`,
    compute: `Computes the ${noun} total`,
    load: `Loads a ${noun} from storage`,
    encode: `Encodes a ${noun} for transport`,
    decode: `Decodes a ${noun} received from a peer`,
    group: `Groups ${noun} entries by key`,
    clamp: `Clamps a ${noun} into the allowed range`,
    retry: `Retries a ${noun} operation with backoff`,
    render: `Renders a ${noun} as text`,
  };
  return phrases[verb] ?? `Handles a ${noun}`;
}

function tsBlock(verb: string, noun: string, prng: Prng): string {
  const name = camel(verb, noun);
  const limit = upper(noun);
  const bodies = [
    [
      `export function ${name}(value: string): string {`,
      `  const trimmed = value.trim();`,
      `  if (trimmed.length > ${limit}) return trimmed.slice(0, ${limit});`,
      `  return trimmed.normalize('NFC');`,
      `}`,
    ],
    [
      `export function ${name}(items: readonly number[]): number {`,
      `  let total = 0;`,
      `  for (const item of items) total += Math.min(item, ${limit});`,
      `  return Math.round(total * 100) / 100;`,
      `}`,
    ],
    [
      `export function ${name}<T extends { id: string }>(entries: readonly T[]): Map<string, T> {`,
      `  const byId = new Map<string, T>();`,
      `  for (const entry of entries.slice(0, ${limit})) byId.set(entry.id, entry);`,
      `  return byId;`,
      `}`,
    ],
    [
      `export async function ${name}(load: () => Promise<Response>, attempts = ${prng.int(2, 5)}): Promise<Response> {`,
      `  for (let attempt = 1; ; attempt += 1) {`,
      `    const response = await load();`,
      `    if (response.ok || attempt >= attempts) return response;`,
      `    await new Promise((resolve) => setTimeout(resolve, ${prng.int(1, 5) * 100} * attempt));`,
      `  }`,
      `}`,
    ],
  ];
  return [`/** ${purpose(verb, noun)}. */`, ...prng.pick(bodies)].join('\n');
}

const typescript: LanguageProfile = {
  label: 'TypeScript',
  ext: 'ts',
  sourceDir: 'src',
  ident: camel,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.ts`,
  header: (module, constant, value) =>
    `// ${cap(module)}: the ${module} rules shared by every widget.\n\nexport const ${constant} = ${value};`,
  block: tsBlock,
  projectFiles: (slug) => ({
    'package.json': `${JSON.stringify(
      {
        name: `@acme/${slug}`,
        version: '0.1.0',
        private: true,
        type: 'module',
        scripts: { build: 'tsc -p .', test: 'vitest run', lint: 'eslint .' },
        devDependencies: { typescript: '5.4.5', vitest: '1.6.0', eslint: '8.57.0' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `{\n  "compilerOptions": {\n    "target": "ES2022",\n    "module": "ESNext",\n    "moduleResolution": "Bundler",\n    "strict": true,\n    "outDir": "dist"\n  },\n  "include": ["src"]\n}\n`,
    '.gitignore': 'node_modules/\ndist/\ncoverage/\n.env\n',
  }),
};

const javascript: LanguageProfile = {
  ...typescript,
  label: 'JavaScript',
  ext: 'js',
  moduleFile: (noun) => `${noun}.js`,
  block: (verb, noun) =>
    [
      `/** ${purpose(verb, noun)}. */`,
      `export function ${camel(verb, noun)}(value) {`,
      `  const text = String(value).trim();`,
      `  return text.length > ${upper(noun)} ? text.slice(0, ${upper(noun)}) : text;`,
      `}`,
    ].join('\n'),
  projectFiles: (slug) => ({
    'package.json': `${JSON.stringify(
      {
        name: `@acme/${slug}`,
        version: '0.1.0',
        private: true,
        type: 'module',
        scripts: { test: 'node --test', lint: 'eslint .' },
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
  }),
};

const python: LanguageProfile = {
  label: 'Python',
  ext: 'py',
  sourceDir: 'src',
  ident: snake,
  constant: upper,
  separator: '\n\n\n',
  moduleFile: (noun) => `${noun}.py`,
  header: (module, constant, value) =>
    `"""${cap(module)} rules used across the service."""\nfrom __future__ import annotations\n\n${constant} = ${value}`,
  block: (verb, noun, prng) => {
    const name = snake(verb, noun);
    const limit = upper(noun);
    return prng
      .pick([
        [
          `def ${name}(value: str) -> str:`,
          `    """${purpose(verb, noun)}."""`,
          `    trimmed = value.strip()`,
          `    return trimmed[:${limit}]`,
        ],
        [
          `def ${name}(items: list[float]) -> float:`,
          `    """${purpose(verb, noun)}."""`,
          `    total = sum(min(item, ${limit}) for item in items)`,
          `    return round(total, 2)`,
        ],
        [
          `def ${name}(entries: list[dict]) -> dict[str, dict]:`,
          `    """${purpose(verb, noun)}."""`,
          `    return {entry["id"]: entry for entry in entries[:${limit}]}`,
        ],
      ])
      .join('\n');
  },
  projectFiles: (slug) => ({
    'pyproject.toml': `[project]\nname = "${slug}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = [\n    "pydantic>=2.6",\n    "httpx>=0.27",\n]\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n`,
    '.gitignore': '__pycache__/\n*.pyc\n.venv/\n.pytest_cache/\ndist/\n',
  }),
};

const go: LanguageProfile = {
  label: 'Go',
  ext: 'go',
  sourceDir: 'internal',
  ident: (verb, noun) => `${cap(verb)}${cap(noun)}`,
  constant: (noun) => `default${cap(noun)}Limit`,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}/${noun}.go`,
  header: (module, constant, value) =>
    `// Package ${module.replace(/[^a-z]/g, '')} holds the ${module} rules.\npackage ${module.replace(/[^a-z]/g, '')}\n\nimport "strings"\n\nconst ${constant} = ${value}`,
  block: (verb, noun, prng) => {
    const name = `${cap(verb)}${cap(noun)}`;
    const limit = `default${cap(noun)}Limit`;
    return prng
      .pick([
        [
          `// ${name} ${purpose(verb, noun).replace(/^./, (c) => c.toLowerCase())}.`,
          `func ${name}(value string) string {`,
          `\tvalue = strings.TrimSpace(value)`,
          `\tif len(value) > ${limit} {`,
          `\t\treturn value[:${limit}]`,
          `\t}`,
          `\treturn value`,
          `}`,
        ],
        [
          `// ${name} ${purpose(verb, noun).replace(/^./, (c) => c.toLowerCase())}.`,
          `func ${name}(items []string) []string {`,
          `\tout := make([]string, 0, len(items))`,
          `\tfor _, item := range items {`,
          `\t\tout = append(out, strings.ToLower(item))`,
          `\t}`,
          `\treturn out`,
          `}`,
        ],
      ])
      .join('\n');
  },
  projectFiles: (slug) => ({
    'go.mod': `module bitbucket.org/acme/${slug}\n\ngo 1.22\n`,
    '.gitignore': '/bin/\n*.test\ncoverage.out\n',
    Makefile: `build:\n\tgo build -o bin/${slug} ./cmd/${slug}\n\ntest:\n\tgo test ./...\n`,
    [`cmd/${slug}/main.go`]: `// Command ${slug} starts the service.\npackage main\n\nimport (\n\t"log"\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\taddr := os.Getenv("ADDR")\n\tif addr == "" {\n\t\taddr = ":8080"\n\t}\n\tlog.Printf("${slug} listening on %s", addr)\n\tlog.Fatal(http.ListenAndServe(addr, nil))\n}\n`,
  }),
};

function jvm(
  label: string,
  ext: string,
  fn: (name: string, limit: string) => string[],
): LanguageProfile {
  return {
    label,
    ext,
    sourceDir: `src/main/${ext === 'kt' ? 'kotlin' : ext}/com/acme`,
    ident: camel,
    constant: upper,
    separator: '\n\n',
    moduleFile: (noun) => `${cap(noun)}Rules.${ext}`,
    header: (module, constant, value) =>
      ext === 'java'
        ? `package com.acme;\n\n/** ${cap(module)} rules. */\nfinal class ${cap(module)}Constants {\n  static final int ${constant} = ${value};\n}`
        : `package com.acme\n\nconst val ${constant} = ${value}`,
    block: (verb, noun) =>
      [`// ${purpose(verb, noun)}.`, ...fn(camel(verb, noun), upper(noun))].join('\n'),
    projectFiles: () => ({
      '.gitignore': 'build/\n.gradle/\ntarget/\n*.class\n.idea/\n',
      [ext === 'scala' ? 'build.sbt' : 'build.gradle.kts']:
        ext === 'scala'
          ? 'scalaVersion := "3.4.1"\n'
          : 'plugins {\n    kotlin("jvm") version "1.9.23"\n}\n\nrepositories { mavenCentral() }\n',
    }),
  };
}

const java = jvm('Java', 'java', (name, limit) => [
  `final class ${cap(name)} {`,
  `  static String ${name}(String value) {`,
  `    String trimmed = value.strip();`,
  `    return trimmed.length() > ${limit} ? trimmed.substring(0, ${limit}) : trimmed;`,
  `  }`,
  `}`,
]);
const kotlin = jvm('Kotlin', 'kt', (name, limit) => [
  `fun ${name}(value: String): String = value.trim().take(${limit})`,
]);
const scala = jvm('Scala', 'scala', (name, limit) => [
  `def ${name}(value: String): String = value.trim.take(${limit})`,
]);

const swift: LanguageProfile = {
  label: 'Swift',
  ext: 'swift',
  sourceDir: 'Sources/App',
  ident: camel,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${cap(noun)}.swift`,
  header: (module, constant, value) =>
    `// ${cap(module)} rules.\nimport Foundation\n\nlet ${constant} = ${value}`,
  block: (verb, noun) =>
    [
      `/// ${purpose(verb, noun)}.`,
      `func ${camel(verb, noun)}(_ value: String) -> String {`,
      `    String(value.trimmingCharacters(in: .whitespaces).prefix(${upper(noun)}))`,
      `}`,
    ].join('\n'),
  projectFiles: (slug) => ({
    'Package.swift': `// swift-tools-version:5.9\nimport PackageDescription\n\nlet package = Package(\n    name: "${slug}",\n    targets: [.executableTarget(name: "App")]\n)\n`,
    '.gitignore': '.build/\nDerivedData/\n*.xcuserstate\n',
  }),
};

const rust: LanguageProfile = {
  label: 'Rust',
  ext: 'rs',
  sourceDir: 'src',
  ident: snake,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.rs`,
  header: (module, constant, value) =>
    `//! ${cap(module)} rules.\n\npub const ${constant}: usize = ${value};`,
  block: (verb, noun) =>
    [
      `/// ${purpose(verb, noun)}.`,
      `pub fn ${snake(verb, noun)}(value: &str) -> String {`,
      `    value.trim().chars().take(${upper(noun)}).collect()`,
      `}`,
    ].join('\n'),
  projectFiles: (slug) => ({
    'Cargo.toml': `[package]\nname = "${slug}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = { version = "1", features = ["derive"] }\n`,
    '.gitignore': '/target\n',
  }),
};

const ruby: LanguageProfile = {
  label: 'Ruby',
  ext: 'rb',
  sourceDir: 'lib',
  ident: snake,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.rb`,
  header: (module, constant, value) =>
    `# frozen_string_literal: true\n\n# ${cap(module)} rules.\n${constant} = ${value}`,
  block: (verb, noun) =>
    [
      `# ${purpose(verb, noun)}.`,
      `def ${snake(verb, noun)}(value)`,
      `  value.to_s.strip[0, ${upper(noun)}]`,
      `end`,
    ].join('\n'),
  projectFiles: () => ({
    Gemfile: `source "https://rubygems.org"\n\ngem "rake", "~> 13.1"\ngem "rspec", "~> 3.13"\n`,
    '.gitignore': '.bundle/\nvendor/\ncoverage/\n',
  }),
};

const cpp: LanguageProfile = {
  label: 'C++',
  ext: 'cpp',
  sourceDir: 'src',
  ident: camel,
  constant: (noun) => `k${cap(noun)}Limit`,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.cpp`,
  header: (module, constant, value) =>
    `// ${cap(module)} rules.\n#include <string>\n\nconstexpr std::size_t ${constant} = ${value};`,
  block: (verb, noun) =>
    [
      `// ${purpose(verb, noun)}.`,
      `std::string ${camel(verb, noun)}(const std::string& value) {`,
      `  return value.substr(0, k${cap(noun)}Limit);`,
      `}`,
    ].join('\n'),
  projectFiles: (slug) => ({
    'CMakeLists.txt': `cmake_minimum_required(VERSION 3.25)\nproject(${slug} CXX)\nset(CMAKE_CXX_STANDARD 20)\nfile(GLOB SOURCES src/*.cpp)\nadd_library(${slug} \${SOURCES})\n`,
    '.gitignore': 'build/\n*.o\n',
  }),
};

const shell: LanguageProfile = {
  label: 'Shell',
  ext: 'sh',
  sourceDir: 'scripts',
  ident: snake,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.sh`,
  header: (module, constant, value) =>
    `#!/usr/bin/env bash\n# ${cap(module)} tasks.\nset -euo pipefail\n\n${constant}=${value}`,
  block: (verb, noun) =>
    [
      `# ${purpose(verb, noun)}.`,
      `${snake(verb, noun)}() {`,
      `  local value="\${1:?usage: ${snake(verb, noun)} VALUE}"`,
      `  printf '%s\\n' "\${value:0:${upper(noun)}}"`,
      `}`,
    ].join('\n'),
  projectFiles: () => ({ '.gitignore': '*.log\ntmp/\n' }),
};

const sql: LanguageProfile = {
  label: 'SQL',
  ext: 'sql',
  sourceDir: 'models',
  ident: snake,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.sql`,
  header: (module, constant, value) => `-- ${cap(module)} models.\n-- ${constant} = ${value}`,
  block: (verb, noun) =>
    [
      `-- ${purpose(verb, noun)}.`,
      `create or replace view ${snake(verb, noun)} as`,
      `select id, ${noun}_at, count(*) as total`,
      `from raw_${noun}s`,
      `group by id, ${noun}_at;`,
    ].join('\n'),
  projectFiles: (slug) => ({
    'dbt_project.yml': `name: ${slug.replace(/-/g, '_')}\nversion: "1.0.0"\nprofile: warehouse\nmodel-paths: ["models"]\n`,
    '.gitignore': 'target/\ndbt_packages/\nlogs/\n',
  }),
};

const hcl: LanguageProfile = {
  label: 'HCL',
  ext: 'tf',
  sourceDir: 'modules',
  ident: snake,
  constant: (noun) => `${noun}_limit`,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.tf`,
  header: (module, constant, value) =>
    `# ${cap(module)} settings.\nvariable "${constant}" {\n  type    = number\n  default = ${value}\n}`,
  block: (verb, noun) =>
    [
      `# ${purpose(verb, noun)}.`,
      `resource "aws_ssm_parameter" "${snake(verb, noun)}" {`,
      `  name  = "/acme/${noun}/${verb}"`,
      `  type  = "String"`,
      `  value = var.${noun}_limit`,
      `}`,
    ].join('\n'),
  projectFiles: () => ({
    'versions.tf': `terraform {\n  required_version = ">= 1.6"\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "~> 5.40" }\n  }\n}\n`,
    '.gitignore': '.terraform/\n*.tfstate\n*.tfstate.backup\n',
  }),
};

const docs: LanguageProfile = {
  label: 'Markdown',
  ext: 'md',
  sourceDir: 'docs',
  ident: snake,
  constant: upper,
  separator: '\n\n',
  moduleFile: (noun) => `${noun}.md`,
  header: (module, constant, value) =>
    `# ${cap(module)}\n\nReview cadence: every ${value} days (${constant}).`,
  block: (verb, noun) =>
    `## ${cap(verb)} the ${noun} (${snake(verb, noun)})\n${purpose(verb, noun)}; see the runbook before changing it.`,
  projectFiles: () => ({ '.gitignore': '.DS_Store\n' }),
};

const PROFILES: Record<string, LanguageProfile> = {
  typescript,
  javascript,
  python,
  go,
  java,
  kotlin,
  scala,
  swift,
  rust,
  ruby,
  'c++': cpp,
  shell,
  sql,
  hcl,
};

export function languageProfile(language: string): LanguageProfile {
  return PROFILES[language] ?? docs;
}
