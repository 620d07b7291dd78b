import * as React from 'react';

/**
 * Flex's DynamicContentStore (`Component.Content`): `add(child, options)` returns a cleanup function;
 * fragments render sorted by `sortOrder`, filtered by `if(props)`, and (unless `noChildProps`) receive the
 * host component's props, e.g. CallCanvas's `task`. `render(props)` is the stand-in's way for a page to
 * show a host's content (Flex renders it inside its own components).
 */
export type ContentFragmentConditionFunction = (props: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ContentFragmentProps {
  align?: 'start' | 'end';
  replace?: boolean;
  sortOrder?: number;
  if?: ContentFragmentConditionFunction;
  noChildProps?: boolean;
}

export type CleanupFunction = () => void;

interface Fragment {
  // Flex types children as React.ReactElement<any>.
  child: React.ReactElement<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  options: ContentFragmentProps;
}

export class StandInContentStore {
  private fragments: Fragment[] = [];

  constructor(readonly name: string) {}

  add(child: React.ReactElement<any>, options: ContentFragmentProps = {}): CleanupFunction { // eslint-disable-line @typescript-eslint/no-explicit-any
    const fragment = { child, options };
    this.fragments.push(fragment);
    return () => {
      this.fragments = this.fragments.filter((candidate) => candidate !== fragment);
    };
  }

  remove(key: React.Key): CleanupFunction {
    const removed = this.fragments.filter((fragment) => fragment.child.key === key);
    this.fragments = this.fragments.filter((fragment) => fragment.child.key !== key);
    return () => {
      this.fragments.push(...removed);
    };
  }

  get size(): number {
    return this.fragments.length;
  }

  render(props: Record<string, unknown>): React.ReactElement[] {
    return this.fragments
      .filter((fragment) => fragment.options.if === undefined || fragment.options.if(props))
      .sort((a, b) => (a.options.sortOrder ?? 0) - (b.options.sortOrder ?? 0))
      .map((fragment) => (fragment.options.noChildProps ? fragment.child : React.cloneElement(fragment.child, props)));
  }

  /** A page reload: plugins' fragments are gone. */
  resetPluginState(): void {
    this.fragments = [];
  }
}
