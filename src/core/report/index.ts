/** The bi-weekly report: History, the model, its tables and their HTML (see each module). */
export * from './history';
export * from './html';
export * from './model';
export * from './numbers';
export * from './suppression';
export * from './tables';
export * from './layout';
export * from './email';
