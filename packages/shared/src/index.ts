// The contract between Pail's SPA and its BFF: route names, the error shape and the session payload.
export * from './contract';
export * from './errors';
export * from './return-to';
