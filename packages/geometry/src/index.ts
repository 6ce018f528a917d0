export { xywhToXyxy, xyxyToXywh, type Box4, type BoxFormat } from './box-format.js';
