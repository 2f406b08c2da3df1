import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '@/testing/render-app';

describe("a repository's summary page", () => {
  it('shows the facts about the repository and how to clone it', async () => {
    renderApp('/acme/widgets');

    expect(await screen.findByRole('heading', { level: 1, name: 'widgets' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Acme Corporation' })).toHaveAttribute('href', '/acme');
    expect(screen.getByText('The widget catalogue and its pricing rules.')).toBeInTheDocument();
    expect(screen.getByText('Private')).toBeInTheDocument();

    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText('TypeScript')).toBeInTheDocument();
    expect(within(details).getByText('main')).toBeInTheDocument();
    expect(within(details).getByText('Web (WEB)')).toBeInTheDocument();
    expect(within(details).getByText('4.6 MB')).toBeInTheDocument();
    expect(within(details).getByText('3 days ago')).toHaveAttribute('dateTime');

    expect(screen.getByRole('textbox', { name: 'HTTPS clone URL' })).toHaveValue(
      'https://jdoe@bitbucket.org/acme/widgets.git',
    );
    expect(screen.getByRole('textbox', { name: 'SSH clone URL' })).toHaveValue(
      'git@bitbucket.org:acme/widgets.git',
    );
    expect(screen.getByRole('link', { name: /Open on Bitbucket/ })).toHaveAttribute(
      'href',
      'https://bitbucket.org/acme/widgets',
    );
    await waitFor(() => expect(document.title).toBe('acme/widgets · Pail'));
  });

  it('says when the repository does not exist', async () => {
    renderApp('/acme/nope');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Repository not found');
    expect(alert).toHaveTextContent('There is no repository “acme/nope”');
  });

  it('names the tab after what the page says when the repository does not exist', async () => {
    renderApp('/acme/nope');
    await screen.findByRole('alert');
    await waitFor(() => expect(document.title).toBe('Repository not found · Pail'));
  });
});
