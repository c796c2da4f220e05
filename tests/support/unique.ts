/** A unique name, so tests sharing a server never see each other's runs. */
export const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
