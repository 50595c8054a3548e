import type { ReactNode } from 'react';

interface PanelProps {
  title: string;
  /** Used for the section's class and test id: panel-<name>. */
  name: string;
  /** A short line under the title: what the panel is for. */
  subtitle?: string;
  children: ReactNode;
}

export function Panel({ title, name, subtitle, children }: PanelProps) {
  return (
    <section className={`panel panel-${name}`} data-testid={`panel-${name}`} aria-labelledby={`panel-${name}-title`}>
      <header className="panel-header">
        <h2 id={`panel-${name}-title`}>{title}</h2>
        {subtitle && <p className="panel-subtitle">{subtitle}</p>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
