// The throttling plugin uses Bottleneck's light build; we use the same file so that it is bundled
// once. Its types are those of the full package.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
