/**
 * Registries of pluggable families (node kinds, task types, and later mobility models, fading,
 * access schemes, policies …), keyed by name so a scenario names what it wants and `edgesim list`
 * prints what exists.
 * @module
 */

/** One registered entry. */
export interface RegistryEntry<T> {
  /** the name a scenario uses */
  name: string;
  /** one line for `edgesim list` */
  description: string;
  /** the registered implementation or descriptor */
  value: T;
}

/** Thrown when a name is not registered; the message lists the known names. */
export class UnknownNameError extends Error {
  /**
   * @param family - what kind of thing was looked up (e.g. "node kind")
   * @param unknownName - the unknown name
   * @param known - the registered names
   */
  constructor(
    readonly family: string,
    readonly unknownName: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${family} '${unknownName}'; known: ${known.join(', ')}`);
    this.name = 'UnknownNameError';
  }
}

/**
 * A name → implementation map for one family.
 * @typeParam T - what is registered
 */
export class Registry<T> {
  private readonly entries = new Map<string, RegistryEntry<T>>();

  /** @param family - the family's name in messages (e.g. "node kind") */
  constructor(readonly family: string) {}

  /**
   * Registers `value` under `name`.
   * @throws Error when the name is taken
   */
  register(name: string, description: string, value: T): this {
    if (this.entries.has(name)) throw new Error(`${this.family} '${name}' is already registered`);
    this.entries.set(name, { name, description, value });
    return this;
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * The value registered under `name`.
   * @throws UnknownNameError listing the known names
   */
  get(name: string): T {
    const e = this.entries.get(name);
    if (e === undefined) throw new UnknownNameError(this.family, name, this.names());
    return e.value;
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Registered entries, in registration order. */
  list(): RegistryEntry<T>[] {
    return [...this.entries.values()];
  }
}
