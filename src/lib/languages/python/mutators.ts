/** Methods that change a container in place: after `x.update(...)` the interpreter no longer knows x exactly. */
export const MUTATORS = new Set(['update', 'append', 'add', 'extend', 'insert', 'remove', 'discard', 'pop', 'clear', 'setdefault', 'sort', 'reverse']);
