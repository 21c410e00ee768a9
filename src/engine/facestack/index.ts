/** Public API of the face stack's pure pre/post-processing (pure TS; the models run elsewhere through ORT). */
export { BLAZEFACE, FACEMESH, FACERES, FACE_STACK_IDENTITY_MODEL, HUMAN_PACKAGE, HUMAN_VERSION } from './faceStackModels';
export { blazeFaceAnchors } from './blazeFaceAnchors';
export { blazeFaceInput, type BlazeFaceInput, type DetectorPx } from './blazeFaceInput';
export { decodeBlazeFace, detectionToSource, type BlazeFaceOutputs, type DecodeBlazeFaceOptions, type FaceDetection } from './decodeBlazeFace';
export { alignedCropFaceBox, faceMeshCropTransform, faceMeshInput, meshToSource, squareBoxAround, type FaceMeshInput, type MeshCropPx, type SquareBox } from './faceMeshInput';
export { FACEMESH_FIVE_POINT_INDICES, landmarksTo5Points } from './landmarksTo5Points';
export { faceResInput, VGG_MEAN_BGR } from './faceResInput';
export { imageToNhwc, type NhwcNormalisation } from './imageToNhwc';
export { centredCosine, meanEmbedding } from './centredCosine';
export { identitySimilarity, type IdentitySimilarity } from './identitySimilarity';
export { verificationAuc } from './verificationAuc';
