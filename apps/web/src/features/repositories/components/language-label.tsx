// A repository's language with its conventional colour dot; Bitbucket reports names in lower case.
import './language-label.css';

const DISPLAY_NAMES: Record<string, string> = {
  'c#': 'C#',
  'c++': 'C++',
  css: 'CSS',
  html: 'HTML',
  html5: 'HTML',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  php: 'PHP',
  sql: 'SQL',
  'objective-c': 'Objective-C',
  coffeescript: 'CoffeeScript',
  powershell: 'PowerShell',
  actionscript: 'ActionScript',
};

export function languageName(language: string): string {
  const key = language.toLowerCase();
  return DISPLAY_NAMES[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}

export function LanguageLabel({ language }: { language: string }) {
  return (
    <span className="language-label">
      <span
        className="language-label__dot"
        data-language={language.toLowerCase()}
        aria-hidden="true"
      />
      {languageName(language)}
    </span>
  );
}
