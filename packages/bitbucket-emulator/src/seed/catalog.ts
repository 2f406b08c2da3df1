// Realistic raw material for the seed: project line-ups, repository names, languages and descriptions.

export interface RepoTemplate {
  slug: string;
  description: string;
  language: string;
  /** A display name that differs from the slug (a few real repositories have one). */
  name?: string;
  isPublic?: boolean;
}

export interface Kind {
  suffix: string;
  languages: readonly string[];
  describe: (domain: string) => string;
}

export interface ProjectPlan {
  key: string;
  name: string;
  description: string;
  isPrivate: boolean;
  adminsOnly?: boolean;
  /** How many repositories the project ends up with (hand-written ones included). */
  quota: number;
  core: readonly RepoTemplate[];
  domains: readonly string[];
  kinds: readonly Kind[];
}

const title = (word: string): string =>
  word
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');

const service: Kind = {
  suffix: 'service',
  languages: ['java', 'kotlin', 'go', 'go', 'python', 'typescript'],
  describe: (d) => `${title(d)} service: owns the ${d.replace(/-/g, ' ')} domain and its REST API.`,
};
const worker: Kind = {
  suffix: 'worker',
  languages: ['go', 'python', 'java'],
  describe: (d) =>
    `Background jobs for ${d.replace(/-/g, ' ')} (queue consumers, retries, schedules).`,
};
const api: Kind = {
  suffix: 'api',
  languages: ['typescript', 'go', 'java', 'python'],
  describe: (d) => `Public ${d.replace(/-/g, ' ')} API and its OpenAPI description.`,
};
const client: Kind = {
  suffix: 'client',
  languages: ['typescript', 'java', 'python'],
  describe: (d) => `Generated and hand-tuned client library for the ${d.replace(/-/g, ' ')} API.`,
};

export const ACME_PROJECTS: readonly ProjectPlan[] = [
  {
    key: 'PLAT',
    name: 'Platform',
    description: 'Core backend services shared by every product.',
    isPrivate: true,
    quota: 60,
    core: [
      {
        slug: 'api-gateway',
        description: 'Edge gateway: routing, auth and rate limiting for every public API.',
        language: 'go',
      },
      {
        slug: 'auth-service',
        description: 'OAuth 2.0 and session service behind acme.example sign-in.',
        language: 'java',
      },
      {
        slug: 'event-bus',
        description: 'Kafka topics, schemas and the thin producer/consumer library.',
        language: 'java',
      },
      {
        slug: 'service-template',
        description: 'Cookiecutter for new backend services: CI, Dockerfile, health checks.',
        language: 'python',
      },
      {
        slug: 'feature-flags',
        description: 'Feature flag evaluation service and SDKs.',
        language: 'go',
      },
      {
        slug: 'platform-docs',
        description: 'Architecture decision records and runbooks for the platform team.',
        language: '',
      },
    ],
    domains: [
      'orders',
      'catalog',
      'inventory',
      'search',
      'shipping',
      'pricing',
      'checkout',
      'notifications',
      'identity',
      'accounts',
      'onboarding',
      'audit',
      'scheduler',
      'recommendations',
      'reviews',
      'loyalty',
      'support',
      'returns',
      'media',
      'geo',
      'warehouse',
      'carts',
    ],
    kinds: [service, worker, api],
  },
  {
    key: 'WEB',
    name: 'Web',
    description: 'Customer-facing and internal web applications.',
    isPrivate: false,
    quota: 36,
    core: [
      {
        slug: 'widgets',
        name: 'widgets',
        description:
          'Embeddable storefront widgets (cart, reviews, recommendations) as web components.',
        language: 'typescript',
      },
      {
        slug: 'storefront',
        description: 'The acme.example storefront (Next.js).',
        language: 'typescript',
      },
      {
        slug: 'admin-portal',
        description: 'Back-office portal for support and operations staff.',
        language: 'typescript',
      },
      {
        slug: 'marketing-site',
        name: 'Marketing Site',
        description: 'Static marketing site and blog.',
        language: 'javascript',
        isPublic: true,
      },
      {
        slug: 'checkout-web',
        description: 'Checkout flow, split out of the storefront in 2024.',
        language: 'typescript',
      },
      {
        slug: 'status-page',
        description: 'Public status page.',
        language: 'html/css',
        isPublic: true,
      },
    ],
    domains: [
      'orders',
      'catalog',
      'account',
      'partner',
      'seller',
      'help-center',
      'returns',
      'gift-cards',
      'wishlist',
      'reviews',
      'careers',
      'loyalty',
    ],
    kinds: [
      {
        suffix: 'web',
        languages: ['typescript', 'typescript', 'javascript'],
        describe: (d) => `Web front end for ${d.replace(/-/g, ' ')}.`,
      },
      {
        suffix: 'ui',
        languages: ['typescript', 'javascript'],
        describe: (d) => `Shared UI pieces for ${d.replace(/-/g, ' ')} pages.`,
      },
      {
        suffix: 'bff',
        languages: ['typescript', 'kotlin'],
        describe: (d) => `Backend-for-frontend of the ${d.replace(/-/g, ' ')} pages.`,
      },
    ],
  },
  {
    key: 'MOB',
    name: 'Mobile',
    description: 'iOS and Android apps and their shared code.',
    isPrivate: false,
    quota: 20,
    core: [
      {
        slug: 'android-app',
        name: 'Android App',
        description: 'The Acme Android app.',
        language: 'kotlin',
      },
      { slug: 'ios-app', name: 'iOS App', description: 'The Acme iOS app.', language: 'swift' },
      {
        slug: 'mobile-shared',
        description: 'Kotlin Multiplatform module shared by both apps.',
        language: 'kotlin',
      },
      {
        slug: 'mobile-release-tools',
        description: 'Fastlane lanes and release scripts.',
        language: 'ruby',
      },
    ],
    domains: ['push', 'analytics', 'payments', 'maps', 'scanner', 'onboarding', 'wallet', 'chat'],
    kinds: [
      {
        suffix: 'android',
        languages: ['kotlin', 'java'],
        describe: (d) => `Android ${d.replace(/-/g, ' ')} module.`,
      },
      {
        suffix: 'ios',
        languages: ['swift'],
        describe: (d) => `iOS ${d.replace(/-/g, ' ')} module.`,
      },
      {
        suffix: 'sdk',
        languages: ['kotlin', 'swift'],
        describe: (d) => `${title(d)} SDK for partner apps.`,
      },
    ],
  },
  {
    key: 'DATA',
    name: 'Data',
    description: 'Pipelines, warehouse models and machine learning.',
    isPrivate: true,
    quota: 36,
    core: [
      { slug: 'data-warehouse', description: 'dbt models for the warehouse.', language: 'sql' },
      {
        slug: 'airflow-dags',
        description: 'Airflow DAGs for nightly and hourly loads.',
        language: 'python',
      },
      { slug: 'ml-platform', description: 'Feature store and model serving.', language: 'python' },
      {
        slug: 'metrics-catalog',
        description: 'Definitions of every business metric, reviewed by finance.',
        language: 'python',
      },
    ],
    domains: [
      'orders',
      'clickstream',
      'inventory',
      'marketing',
      'finance',
      'churn',
      'pricing',
      'fraud',
      'forecast',
      'sessions',
      'attribution',
      'experiments',
    ],
    kinds: [
      {
        suffix: 'etl',
        languages: ['python', 'scala'],
        describe: (d) => `Extract-load jobs for ${d.replace(/-/g, ' ')} data.`,
      },
      {
        suffix: 'model',
        languages: ['python'],
        describe: (d) => `${title(d)} model: training code and evaluation notebooks.`,
      },
      {
        suffix: 'reports',
        languages: ['python', 'sql'],
        describe: (d) => `Scheduled ${d.replace(/-/g, ' ')} reports.`,
      },
    ],
  },
  {
    key: 'INFRA',
    name: 'Infrastructure',
    description: 'Cloud infrastructure, CI and deployment.',
    isPrivate: true,
    quota: 30,
    core: [
      {
        slug: 'terraform-modules',
        description: 'Reusable Terraform modules (VPC, EKS, RDS, IAM).',
        language: 'hcl',
      },
      {
        slug: 'helm-charts',
        description: 'Helm charts for every deployable service.',
        language: 'shell',
      },
      {
        slug: 'ci-templates',
        description: 'Shared bitbucket-pipelines.yml steps.',
        language: 'shell',
      },
      {
        slug: 'ansible-playbooks',
        description: 'Playbooks for the remaining VMs.',
        language: 'python',
      },
      {
        slug: 'observability',
        description: 'Dashboards, alerts and SLO definitions.',
        language: 'go',
      },
    ],
    domains: [
      'aws-prod',
      'aws-staging',
      'gcp-data',
      'networking',
      'dns',
      'vault',
      'eks',
      'runners',
      'backups',
      'cdn',
    ],
    kinds: [
      {
        suffix: 'terraform',
        languages: ['hcl'],
        describe: (d) => `Terraform for ${d.replace(/-/g, ' ')}.`,
      },
      {
        suffix: 'config',
        languages: ['shell', 'python'],
        describe: (d) => `Configuration and scripts for ${d.replace(/-/g, ' ')}.`,
      },
      {
        suffix: 'ops',
        languages: ['go', 'shell'],
        describe: (d) => `Operational tooling for ${d.replace(/-/g, ' ')}.`,
      },
    ],
  },
  {
    key: 'PAY',
    name: 'Payments',
    description: 'Billing, invoicing and payment processing.',
    isPrivate: true,
    quota: 30,
    core: [
      {
        slug: 'billing-service',
        description: 'Subscriptions, invoices and dunning.',
        language: 'java',
      },
      {
        slug: 'payment-gateway',
        description: 'Adapter over our payment service providers.',
        language: 'java',
      },
      {
        slug: 'ledger',
        description: 'Double-entry ledger; the source of truth for money.',
        language: 'kotlin',
      },
      { slug: 'tax-engine', description: 'VAT and sales-tax calculation.', language: 'java' },
    ],
    domains: [
      'invoicing',
      'refunds',
      'payouts',
      'chargebacks',
      'wallets',
      'gift-cards',
      'fx-rates',
      'settlement',
      'reconciliation',
      'subscriptions',
    ],
    kinds: [service, worker, client],
  },
  {
    key: 'DS',
    name: 'Design System',
    description: 'Tokens, components and icons shared by every front end.',
    isPrivate: false,
    quota: 16,
    core: [
      {
        slug: 'design-system',
        name: 'Design System',
        description: 'Acme design system: React components, docs and Storybook.',
        language: 'typescript',
        isPublic: true,
      },
      {
        slug: 'design-tokens',
        description: 'Colour, type and spacing tokens for web and mobile.',
        language: 'javascript',
        isPublic: true,
      },
      {
        slug: 'icons',
        description: 'SVG icon set and the build that turns it into components.',
        language: 'javascript',
        isPublic: true,
      },
      {
        slug: 'eslint-config',
        description: 'Shared ESLint configuration.',
        language: 'javascript',
        isPublic: true,
      },
    ],
    domains: ['buttons', 'forms', 'tables', 'charts', 'layout', 'motion', 'typography', 'a11y'],
    kinds: [
      { suffix: 'kit', languages: ['typescript'], describe: (d) => `${title(d)} components.` },
      {
        suffix: 'docs',
        languages: ['javascript', ''],
        describe: (d) => `Guidelines for ${d.replace(/-/g, ' ')}.`,
      },
    ],
  },
  {
    key: 'SEC',
    name: 'Security',
    description: 'Security tooling and sensitive configuration. Administrators only.',
    isPrivate: true,
    adminsOnly: true,
    quota: 10,
    core: [
      {
        slug: 'secrets-rotation',
        description: 'Scheduled rotation of database and API credentials.',
        language: 'python',
      },
      { slug: 'sso-config', description: 'SAML and SCIM configuration.', language: 'hcl' },
      {
        slug: 'pentest-findings',
        description: 'Findings and fixes from external penetration tests.',
        language: '',
      },
    ],
    domains: ['waf', 'siem', 'scanner', 'incident', 'audit-log', 'key-management'],
    kinds: [
      {
        suffix: 'rules',
        languages: ['python', 'go'],
        describe: (d) => `${title(d)} rules and their tests.`,
      },
      { suffix: 'tooling', languages: ['go', 'python'], describe: (d) => `${title(d)} tooling.` },
    ],
  },
  {
    key: 'TOOLS',
    name: 'Developer Tools',
    description: 'CLIs, bots and generators that make engineers faster.',
    isPrivate: false,
    quota: 32,
    core: [
      {
        slug: 'acme-cli',
        description: 'The `acme` command line: environments, deploys, log tailing.',
        language: 'go',
        isPublic: true,
      },
      {
        slug: 'release-bot',
        description: 'Chat bot that cuts releases and posts changelogs.',
        language: 'typescript',
      },
      {
        slug: 'codegen',
        description: 'OpenAPI to client code generators.',
        language: 'typescript',
      },
      {
        slug: 'dev-environment',
        description: 'Docker Compose setup for running the stack locally.',
        language: 'shell',
      },
      {
        slug: 'pre-commit-hooks',
        description: 'Shared pre-commit hooks.',
        language: 'python',
        isPublic: true,
      },
    ],
    domains: [
      'changelog',
      'migration',
      'dependency',
      'license',
      'flaky-test',
      'benchmark',
      'schema',
      'fixture',
      'mock-server',
      'sandbox',
      'load-test',
    ],
    kinds: [
      { suffix: 'tool', languages: ['go', 'python', 'rust'], describe: (d) => `${title(d)} tool.` },
      {
        suffix: 'action',
        languages: ['typescript', 'shell'],
        describe: (d) => `Pipeline step that runs the ${d.replace(/-/g, ' ')} check.`,
      },
      {
        suffix: 'plugin',
        languages: ['typescript', 'java'],
        describe: (d) => `${title(d)} plugin for our build.`,
      },
    ],
  },
];

export const NORTHWIND_PROJECTS: readonly ProjectPlan[] = [
  {
    key: 'LAB',
    name: 'Labs',
    description: 'Research prototypes.',
    isPrivate: true,
    quota: 9,
    core: [
      {
        slug: 'experiment-tracker',
        description: 'Tracks lab experiments, parameters and outcomes.',
        language: 'python',
      },
      {
        slug: 'sensor-gateway',
        description: 'Collects readings from the lab sensors over MQTT.',
        language: 'rust',
      },
      {
        slug: 'spectrometry-pipeline',
        description: 'Processing pipeline for spectrometer output.',
        language: 'python',
      },
      {
        slug: 'lab-notebooks',
        description: 'Jupyter notebooks, cleaned up for sharing.',
        language: 'python',
      },
      {
        slug: 'sample-inventory',
        description: 'Inventory of samples and reagents.',
        language: 'typescript',
      },
      { slug: 'protein-folding-sim', description: 'Simulation experiments.', language: 'c++' },
      { slug: 'vision-models', description: 'Microscopy image classifiers.', language: 'python' },
      {
        slug: 'lab-dashboard',
        description: 'Live dashboard of running experiments.',
        language: 'typescript',
      },
      {
        slug: 'calibration-tools',
        description: 'Instrument calibration scripts.',
        language: 'python',
      },
    ],
    domains: [],
    kinds: [],
  },
  {
    key: 'OPS',
    name: 'Operations',
    description: 'Running Northwind Labs.',
    isPrivate: true,
    quota: 6,
    core: [
      { slug: 'ops-runbooks', description: 'How we run things.', language: '' },
      { slug: 'infra', description: 'Terraform for the lab cloud account.', language: 'hcl' },
      {
        slug: 'grant-reports',
        description: 'Generates quarterly grant reports.',
        language: 'python',
      },
      { slug: 'website', description: 'northwind.example', language: 'html/css' },
      { slug: 'booking-system', description: 'Books instrument time.', language: 'ruby' },
      {
        slug: 'backup-scripts',
        description: 'Nightly backups of the lab servers.',
        language: 'shell',
      },
    ],
    domains: [],
    kinds: [],
  },
];

export const PERSONAL_REPOS: Readonly<Record<string, readonly RepoTemplate[]>> = {
  alice: [
    {
      slug: 'dotfiles',
      description: 'My shell, vim and git configuration.',
      language: 'shell',
      isPublic: true,
    },
    {
      slug: 'advent-of-code-2025',
      description: 'Solutions, mostly in Python.',
      language: 'python',
      isPublic: true,
    },
    { slug: 'blog', description: 'Source of my blog.', language: 'javascript', isPublic: true },
    { slug: 'notes', description: '', language: '' },
  ],
  bob: [
    { slug: 'homelab', description: 'Ansible for the home server.', language: 'python' },
    { slug: 'portfolio', description: 'Personal site.', language: 'typescript', isPublic: true },
  ],
  carol: [{ slug: 'thesis-code', description: 'Code for my PhD thesis.', language: 'python' }],
  dave: [],
};
